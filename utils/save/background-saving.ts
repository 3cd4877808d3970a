import { browser } from 'wxt/browser';
import { addressClaimsOfPage, type AddressClaims } from '../capture/canonical-url';
import { captureFunctionName, NOT_INSTALLED } from '../capture/capture-function';
import type { CaptureKind, CaptureOutcome } from '../capture/types';
import { library, libraryLock } from '../store/library';
import { viewOf } from '../safety/library-lock';
import { followProtection } from '../store/follow-protection';
import { followIdle, type IdleApi } from '../safety/auto-lock';
import { signUnsigned } from '../integrity/sign-library';
import { t } from '../i18n';
import { onMessages } from '../messages';
import { describeSave } from './feedback';
import { failureMessage } from './failures';
import { keepAwakeDuring } from './keep-awake';
import { indexInBackground } from '../store/indexing';
import { hasPendingImages } from '../store/records';
import { completeImages, completeQueuedImages, completeRecentImages, inspectTab, lookUpTab, saveTab, saveTabWhileLocked, type SaveDeps, type TabTarget } from './save-tab';
import { keepLockedSave, takeInLockedSaves } from '../store/locked-saves';
import type { LockedSaveResult, SaveResult } from './tab-state';
import type { SaveOutcome } from '../store/save-capture';
import { setupWatching } from '../watch/background-watching';
import { forgetsVisits, forgetVisit } from './forget-visit';
import { openedTab } from './opened-tab';

/** Where WXT puts the built capture content script (entrypoints/capture.content.ts). */
const CAPTURE_SCRIPT = '/content-scripts/capture.js';
const MENU_ARTICLE = 'samizdat-save-article';
const MENU_SELECTION = 'samizdat-save-selection';

/** Calls the capture function in the tab's isolated world: NOT_INSTALLED if it is not there yet. */
async function callCapture(tabId: number, kind: CaptureKind): Promise<unknown> {
  const [injection] = await browser.scripting.executeScript({
    target: { tabId },
    // Self-contained: an injected function cannot see this module, so the names come as arguments.
    func: (name: string, requested: CaptureKind, missing: string) => {
      const capture = (globalThis as Record<string, unknown>)[name];
      return typeof capture === 'function' ? (capture as (kind: CaptureKind) => unknown)(requested) : missing;
    },
    args: [captureFunctionName(browser.runtime.getManifest().version), kind, NOT_INSTALLED],
  });
  return injection?.result;
}

/**
 * The capture script is loaded into a page once; later looks and saves call what it installed.
 * A probe that fails is not the answer: right after a keyboard shortcut, Chromium sometimes
 * refuses the probe ("Cannot access contents of the page") and then lets the injection that
 * follows run; the end-to-end test saw a third of its saves fail before this fallback. The long
 * way (inject, then call) reports its own error if the tab really cannot be read.
 */
async function captureTab(tabId: number, kind: CaptureKind): Promise<CaptureOutcome | undefined> {
  let result = await callCapture(tabId, kind).catch(() => NOT_INSTALLED);
  if (result === NOT_INSTALLED) {
    await browser.scripting.executeScript({ target: { tabId }, files: [CAPTURE_SCRIPT] });
    result = await callCapture(tabId, kind);
  }
  // No result (or still none installed) means the document went away while the script ran.
  return result === NOT_INSTALLED ? undefined : (result as CaptureOutcome | undefined);
}

async function grantedOrigins(): Promise<string[]> {
  return (await browser.permissions.getAll()).origins ?? [];
}

/** What the page says its address is: one small function, not the capture script (lookUpTab). */
async function readAddress(tabId: number): Promise<AddressClaims | undefined> {
  const [injection] = await browser.scripting.executeScript({ target: { tabId }, func: addressClaimsOfPage });
  return injection?.result as AddressClaims | undefined;
}

/**
 * Chromium shows a crashed page as a tab that is neither loading nor loaded nor discarded: its
 * status is "unloaded" (tried with Chromium 150 and 156; scripting it then fails with "Cannot access
 * contents of the page"). A tab the browser discarded to save memory says `discarded` as well.
 * Firefox replaces a crashed page with its own, which scripting refuses as a browser page.
 */
async function tabCrashed(tabId: number): Promise<boolean> {
  const tab = await browser.tabs.get(tabId);
  return (tab.status as string | undefined) === 'unloaded' && !tab.discarded;
}

function deps(): SaveDeps {
  return { db: library(), readAddress, captureTab, tabCrashed, now: Date.now, fetch: (url, init) => fetch(url, init), grantedOrigins };
}

async function tabById(tabId: number): Promise<TabTarget | undefined> {
  try {
    return await browser.tabs.get(tabId);
  } catch {
    return undefined;
  }
}

/**
 * Every save reports on the toolbar button too: the shortcut and the menu have no other place,
 * and the popup may have closed (a permission prompt closes it) before the save finished. The
 * answer comes once the copy is stored; its images download after it, and the button says what
 * was kept once they are in.
 */
async function saveWithBadge(tab: TabTarget | undefined, kind: CaptureKind = 'article'): Promise<SaveResult | LockedSaveResult> {
  const view = viewOf(await libraryLock().load());
  if (view === 'locked') return saveWhileLocked(tab, kind);
  if (view === 'converting') return { ok: false, failure: 'library-busy', message: failureMessage('library-busy') };
  let result = await saveTab(deps(), tab, kind);
  if (result.ok) result = { ok: true, outcome: await forgetIfAsked(tab, result.outcome) };
  // The save's search row was written queued; it goes into the index now, after the answer.
  if (result.ok) void indexWhileAwake();
  if (result.ok) await afterSave(result.outcome).catch((error) => console.error('Samizdat: could not watch the page just saved', error));
  await markButton(tab, result);
  if (result.ok && hasPendingImages(result.outcome.images)) {
    const { outcome } = result;
    void keepAwakeDuring(completeOnce(outcome.snapshotId), ping)
      .then((images) => (images ? markButton(tab, { ok: true, outcome: { ...outcome, images } }) : undefined))
      .catch((error) => console.error('Samizdat: could not download the images of the copy just saved', error));
  }
  return result;
}

/**
 * "Remove each page I save from the browser's history" (utils/save/forget-visit.ts): done once
 * the copy is stored, and said with the save. Asked for but no longer allowed (the permission
 * taken back in the browser's own settings) is said too, never silently skipped.
 */
async function forgetIfAsked(tab: TabTarget | undefined, outcome: SaveOutcome): Promise<SaveOutcome> {
  if (!(await forgetsVisits(library()))) return outcome;
  const allowed = await browser.permissions.contains({ permissions: ['history'] }).catch(() => false);
  if (!allowed || !browser.history) return { ...outcome, visitForgotten: false };
  try {
    await forgetVisit(browser.history, [tab?.url, outcome.sourceUrl]);
    return { ...outcome, visitForgotten: true };
  } catch (error) {
    console.warn('Samizdat: could not remove the page from the history', error);
    return { ...outcome, visitForgotten: false };
  }
}

async function markButton(tab: TabTarget | undefined, result: SaveResult): Promise<void> {
  if (tab?.id === undefined) return;
  const tabId = tab.id;
  // MV3 calls the toolbar button `action`; Firefox's MV2 build calls it `browserAction`.
  const button = browser.action ?? browser.browserAction;
  try {
    await button.setBadgeBackgroundColor({ tabId, color: result.ok ? '#1b6e3a' : '#a31515' });
    await button.setBadgeText({ tabId, text: t(result.ok ? 'badgeSaved' : 'badgeFailed') });
    await button.setTitle({ tabId, title: t('badgeTitle', describeSave(result)) });
  } catch (error) {
    // The tab may have closed since; the save itself stands.
    console.warn('Samizdat: could not mark the toolbar button', error);
  }
}

/**
 * A save while the protected library is locked: the copy kept sealed to the library's public key
 * until the next unlock (utils/store/locked-saves.ts), and the toolbar button says so, naming
 * nothing of the library.
 */
async function saveWhileLocked(tab: TabTarget | undefined, kind: CaptureKind): Promise<LockedSaveResult> {
  const result = await saveTabWhileLocked(deps(), tab, kind, async (capture, images, savedAt) => {
    const record = libraryLock().state.record;
    if (!record) throw new Error('the library is no longer protected');
    await keepLockedSave(library(), record, capture, images, savedAt);
  });
  if (tab?.id !== undefined) {
    const button = browser.action ?? browser.browserAction;
    const tabId = tab.id;
    await Promise.all([
      button.setBadgeBackgroundColor({ tabId, color: result.ok ? '#1b6e3a' : '#a31515' }),
      button.setBadgeText({ tabId, text: t(result.ok ? 'badgeSaved' : 'badgeFailed') }),
      button.setTitle({ tabId, title: t('badgeTitle', result.message) }),
    ]).catch((error) => console.warn('Samizdat: could not mark the toolbar button', error));
  }
  return result;
}

/** What watching does after a save (utils/watch/background-watching.ts): set when the messages are. */
let afterSave: (outcome: SaveOutcome) => Promise<void> = async () => {};

/** The cheap extension call that keeps the worker running while downloads or upgrades last (keep-awake.ts). */
const ping = () => browser.runtime.getPlatformInfo();

/**
 * One completion of a copy's images at a time: the save, the popup, the permission event and the
 * next start may all ask. A request that comes while one runs waits for it and then looks again,
 * so that images allowed in the meantime are not left out.
 */
const completing = new Map<string, ReturnType<typeof completeImages>>();

function completeOnce(snapshotId: string): ReturnType<typeof completeImages> {
  const before = completing.get(snapshotId)?.catch(() => undefined) ?? Promise.resolve(undefined);
  const running: ReturnType<typeof completeImages> = before
    .then(() => completeImages(deps(), snapshotId))
    .finally(() => {
      if (completing.get(snapshotId) === running) completing.delete(snapshotId);
    });
  completing.set(snapshotId, running);
  return running;
}

/** What a protected library's unlock lets go on: set when the messages are. */
let resumeWatching = () => {};

export function setupMessages(): void {
  const watching = setupWatching(completeOnce);
  afterSave = watching.afterSave;
  resumeWatching = watching.resume;
  onMessages({
    ...watching.handlers,
    lookUpTab: async ({ tabId }) => lookUpTab(deps(), await tabById(tabId)),
    inspectTab: async ({ tabId }) => inspectTab(deps(), await tabById(tabId)),
    saveTab: async ({ tabId, kind }) => saveWithBadge(await tabById(tabId), kind),
    openAndSave: async ({ url }) => saveWithBadge(await openedTab(browser.tabs, url)),
    completeImages: async ({ snapshotId }) => completeOnce(snapshotId),
    completeQueuedImages: async () => {
      void completeQueuedWhileAwake();
    },
  });
}

export function setupContextMenu(): void {
  // Recreated on install and on every start: Firefox does not keep menus of non-persistent backgrounds.
  const create = () =>
    browser.contextMenus
      .removeAll()
      .then(() => {
        browser.contextMenus.create({ id: MENU_ARTICLE, title: t('saveArticle'), contexts: ['page'] });
        browser.contextMenus.create({ id: MENU_SELECTION, title: t('saveSelection'), contexts: ['selection'] });
      });
  browser.runtime.onInstalled.addListener(create);
  browser.runtime.onStartup.addListener(create);
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId === MENU_ARTICLE) void saveWithBadge(tab);
    if (info.menuItemId === MENU_SELECTION) void saveWithBadge(tab, 'selection');
  });
}

export function setupShortcut(): void {
  browser.commands.onCommand.addListener(async (command, tab) => {
    if (command === 'lock-library') return void (await libraryLock().lock());
    if (command !== 'save-article') return;
    const target = tab ?? (await browser.tabs.query({ active: true, currentWindow: true }))[0];
    await saveWithBadge(target);
  });
}

/** When the user allows an image site (the popup may be gone by then), complete the recent saves. */
export function setupImagePermission(): void {
  browser.permissions.onAdded.addListener(() => {
    void completeRecentImages(deps(), completeOnce);
  });
}

/**
 * Make the library's signing key at install, and sign what an earlier version kept unsigned, on
 * install and update only: the worker wakes often, and reading every snapshot each time is waste.
 * The first read opens the library, which runs any schema upgrade the update brings, so the worker
 * is kept awake until both are done (utils/save/keep-awake.ts).
 */
export function setupSigning(): void {
  browser.runtime.onInstalled.addListener(() => {
    keepAwakeDuring(signUnsigned(library()), ping).catch((error) =>
      console.error('Samizdat: could not sign earlier copies', error),
    );
  });
}

/** Index queued search rows, keeping the worker awake while it lasts (an import may leave thousands). */
function indexWhileAwake(): Promise<void> {
  return indexInBackground(library(), (work) => keepAwakeDuring(work, ping));
}

/**
 * At every start of the worker, index what was left queued: the library page may have closed
 * before it indexed an import's rows, or the worker stopped before a save's. Reading none costs one
 * lookup in a small index.
 */
export function setupIndexing(): void {
  void indexWhileAwake();
}

/** Finish the downloads left in `imageQueue`, once at a time in this context, keeping the worker awake. */
let completingQueue: Promise<unknown> | null = null;
function completeQueuedWhileAwake(): Promise<unknown> {
  completingQueue ??= keepAwakeDuring(completeQueuedImages(deps(), completeOnce), ping)
    .catch((error) => console.error('Samizdat: could not complete the images of saved copies', error))
    .finally(() => (completingQueue = null));
  return completingQueue;
}

/**
 * At every start of the worker (and of Firefox's background page), finish the image downloads a
 * stop cut short: the copies are stored, their images pending in `imageQueue`. Reading an empty
 * queue costs one request.
 */
export function setupImageCompletion(): void {
  void completeQueuedWhileAwake();
}

/**
 * Protection (issue 25): convert the library when a page turns protection on or off, and go on
 * with a conversion a stop cut short (utils/store/follow-protection.ts). Locking clears every
 * toolbar mark, since a save's mark names what was saved; unlocking lets the work held back go on.
 */
export function setupProtection(): void {
  followIdle(libraryLock(), browser.idle as unknown as IdleApi);
  followProtection({
    db: library(),
    lock: libraryLock(),
    keepAwake: (work) => keepAwakeDuring(work, ping),
    indexedDB,
    onLocked: () => void clearButtonMarks(),
    takeIn: takeInWhileUnlocked,
    onOpened: () => {
      // The copies saved while locked first: their search rows and images are then done with the rest.
      void keepAwakeDuring(takeInWhileUnlocked(), ping)
        .catch((error) => console.error('Samizdat: could not take in the copies saved while the library was locked', error))
        .finally(() => {
          void indexWhileAwake();
          void completeQueuedWhileAwake();
          resumeWatching();
        });
    },
  });
}

/** The copies saved while the library was locked, into it now that it is open (a plain library has none). */
async function takeInWhileUnlocked(): Promise<void> {
  const { record, keys } = libraryLock().state;
  if (!record || !keys) return;
  await takeInLockedSaves(library(), record, keys);
}

/** Every tab's mark on the toolbar button, and the count of news, gone. */
async function clearButtonMarks(): Promise<void> {
  const button = browser.action ?? browser.browserAction;
  const tabs = await browser.tabs.query({});
  await Promise.all([
    button.setBadgeText({ text: '' }),
    ...tabs.map((tab) => (tab.id === undefined ? undefined : Promise.all([button.setBadgeText({ tabId: tab.id, text: '' }), button.setTitle({ tabId: tab.id, title: t('actionTitle') })]).catch(() => undefined))),
  ]).catch((error) => console.warn('Samizdat: could not clear the toolbar button', error));
}
