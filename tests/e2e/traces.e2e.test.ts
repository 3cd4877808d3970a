/// <reference types="chrome" />
// Callbacks passed to evaluate() run inside the browser, where the extension APIs exist.
import type { Page as PuppeteerPage } from 'puppeteer-core';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROME_TEST_BUILD, launchChromium, type ChromiumSession } from './helpers/chromium';
import { launchFirefox, type FirefoxSession } from './helpers/firefox';
import { pressSave } from './helpers/popup';
import { PATHS, startSite, type Site } from './helpers/site';
import { waitUntil } from './helpers/wait';

const REMOVED = 'Removed from the browser’s history.';

/** Whether the browser's history holds a visit of this address, asked from an extension page holding `history`. */
function visitedIn(page: { evaluate: Page['evaluate'] } | PuppeteerPage, url: string): Promise<boolean> {
  return (page as PuppeteerPage).evaluate(async (address) => {
    const api = ((globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome).history;
    return (await api.search({ text: '', startTime: 0, maxResults: 10_000 })).some((item) => item.url === address);
  }, url);
}

/**
 * "Remove each page I save from the browser's history" (Settings, the optional `history`
 * permission), the way a user turns it on and saves: the visit is in the history before the
 * save, gone after it, and the popup says so; turned off, the next save leaves the visit.
 */
describe('removing saved pages from the browser’s history, in Chromium', () => {
  let site: Site;
  let chromium: ChromiumSession;

  beforeAll(async () => {
    site = await startSite();
    // The test flavour holds `history` already: Chromium lets no test accept a permission prompt.
    chromium = await launchChromium({ build: CHROME_TEST_BUILD });
  });

  afterAll(async () => {
    await chromium?.close();
    await site?.close();
  });

  it('removes the page just saved from the history when asked in Settings, and leaves it when not', async () => {
    const settings = await chromium.context.newPage();
    await settings.goto(chromium.extensionUrl('options.html'));
    expect(await settings.textContent('.trace-settings .warning')).toContain('the library is not encrypted');
    await settings.check('.forget-visits');
    await expect.poll(() => settings.evaluate(() => new Promise((resolve) => {
      const open = indexedDB.open('samizdat');
      open.onsuccess = () => {
        const get = open.result.transaction('settings').objectStore('settings').get('forgetVisits');
        get.onsuccess = () => resolve(get.result?.value);
      };
    }))).toBe(true);

    const tab = await chromium.context.newPage();
    const report = `${site.url}${PATHS.photoReport}`;
    await tab.goto(report);
    // The premise: the browser keeps the visit.
    await expect.poll(() => visitedIn(settings, report), { timeout: 10_000 }).toBe(true);
    const popup = await chromium.clickToolbar(tab);
    expect(await pressSave(popup)).toContain(REMOVED);
    await popup.close().catch(() => {});
    expect(await visitedIn(settings, report)).toBe(false);

    await settings.uncheck('.forget-visits');
    const seed = `${site.url}${PATHS.seed}`;
    await tab.goto(seed);
    await expect.poll(() => visitedIn(settings, seed), { timeout: 10_000 }).toBe(true);
    const again = await chromium.clickToolbar(tab);
    expect(await pressSave(again)).not.toContain('history');
    expect(await visitedIn(settings, seed)).toBe(true);
  }, 90_000);
});

describe('removing saved pages from the browser’s history, in Firefox', () => {
  let site: Site;
  let firefox: FirefoxSession;

  beforeAll(async () => {
    site = await startSite();
    // Firefox's own preference answers the permission prompt with Allow; the click still asks.
    firefox = await launchFirefox({ acceptPermissionPrompts: true });
  });

  afterAll(async () => {
    await firefox?.close();
    await site?.close();
  });

  it('asks for the history permission in the click that turns it on, then removes the page just saved from the history', async () => {
    const settings = await firefox.browser.newPage();
    await firefox.openExtensionPage(settings, '/options.html');
    await (await settings.waitForSelector('.forget-visits'))!.click();
    await waitUntil(settings, () => (document.querySelector('.forget-visits') as HTMLInputElement | null)?.checked === true, [], { what: 'the setting to be on', timeout: 10_000 });
    expect(await settings.evaluate(() => (globalThis as unknown as { browser: typeof chrome }).browser.permissions.contains({ permissions: ['history'] }))).toBe(true);

    const report = `${site.url}${PATHS.photoReport}`;
    const article = await firefox.browser.newPage();
    await article.goto(report);
    await expect.poll(() => visitedIn(settings, report), { timeout: 10_000 }).toBe(true);
    const popup = await firefox.browser.newPage();
    await firefox.openExtensionPage(popup, '/popup.html');
    const tabId = await popup.evaluate(async (url) => {
      const tabs = await (globalThis as unknown as { browser: typeof chrome }).browser.tabs.query({ url: 'http://127.0.0.1/*' });
      return tabs.find((tab) => tab.url === url)?.id;
    }, report);
    await firefox.openExtensionPage(popup, `/popup.html?tab=${tabId}`);
    expect(await pressSave(popup)).toContain(REMOVED);
    expect(await visitedIn(settings, report)).toBe(false);

    // Turned off, the permission is given back.
    await settings.click('.forget-visits');
    await waitUntil(settings, () => (document.querySelector('.forget-visits') as HTMLInputElement | null)?.checked === false, [], { what: 'the setting to be off', timeout: 10_000 });
    await expect.poll(() => settings.evaluate(() => (globalThis as unknown as { browser: typeof chrome }).browser.permissions.contains({ permissions: ['history'] }))).toBe(false);
  }, 90_000);
});
