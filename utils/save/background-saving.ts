import { browser, type Browser } from 'wxt/browser';
import type { CaptureOutcome } from '../capture/types';
import { library } from '../store/db';
import { onMessages } from '../messages';
import { describeSave } from './feedback';
import { inspectTab, saveTab, type SaveDeps, type TabTarget } from './save-tab';

/** Where WXT puts the built capture content script (entrypoints/capture.content.ts). */
const CAPTURE_SCRIPT = '/content-scripts/capture.js';
const MENU_ID = 'samizdat-save-article';

async function captureTab(tabId: number): Promise<CaptureOutcome | undefined> {
  const [injection] = await browser.scripting.executeScript({ target: { tabId }, files: [CAPTURE_SCRIPT] });
  return injection?.result as CaptureOutcome | undefined;
}

function deps(): SaveDeps {
  return { db: library(), captureTab, now: Date.now };
}

async function tabById(tabId: number): Promise<TabTarget | undefined> {
  try {
    return await browser.tabs.get(tabId);
  } catch {
    return undefined;
  }
}

/** Saves that start without the popup (shortcut, menu) report on the toolbar button itself. */
async function saveWithBadge(tab: Browser.tabs.Tab | undefined): Promise<void> {
  const result = await saveTab(deps(), tab);
  if (tab?.id === undefined) return;
  const tabId = tab.id;
  await browser.action.setBadgeBackgroundColor({ tabId, color: result.ok ? '#1b6e3a' : '#a31515' }).catch(() => {});
  await browser.action.setBadgeText({ tabId, text: result.ok ? '✓' : '!' }).catch(() => {});
  await browser.action.setTitle({ tabId, title: `Samizdat: ${describeSave(result)}` }).catch(() => {});
}

export function setupMessages(): void {
  onMessages({
    inspectTab: async ({ tabId }) => inspectTab(deps(), await tabById(tabId)),
    saveTab: async ({ tabId }) => saveTab(deps(), await tabById(tabId)),
  });
}

export function setupContextMenu(): void {
  // Recreated on install and on every start: Firefox does not keep menus of non-persistent backgrounds.
  const create = () =>
    browser.contextMenus
      .removeAll()
      .then(() => browser.contextMenus.create({ id: MENU_ID, title: 'Save article', contexts: ['page'] }));
  browser.runtime.onInstalled.addListener(create);
  browser.runtime.onStartup.addListener(create);
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId === MENU_ID) void saveWithBadge(tab);
  });
}

export function setupShortcut(): void {
  browser.commands.onCommand.addListener(async (command, tab) => {
    if (command !== 'save-article') return;
    const target = tab ?? (await browser.tabs.query({ active: true, currentWindow: true }))[0];
    await saveWithBadge(target);
  });
}
