/// <reference types="chrome" />
// Callbacks passed to evaluate() run inside the browser, where the extension APIs exist.
import type { Page } from 'playwright-core';

/**
 * Saving from a script, for tests that save hundreds of pages with the Chromium test flavour
 * (host access to 127.0.0.1): an extension page sends the background the same saveTab message the
 * popup sends. `control` is any open extension page.
 */

/** The id the extension knows the tab showing `url` by. Look it up once: a page may change its address. */
export function tabIdOf(control: Page, url: string): Promise<number> {
  return control.evaluate(async (address) => {
    const [tab] = await chrome.tabs.query({ url: address });
    if (!tab?.id) throw new Error(`no tab shows ${address}`);
    return tab.id;
  }, url);
}

/** Save a tab as the toolbar button does; the background's answer (a SaveResult). */
export function saveTab(control: Page, tabId: number) {
  return control.evaluate((id) => chrome.runtime.sendMessage({ samizdat: 'saveTab', request: { tabId: id } }), tabId);
}
