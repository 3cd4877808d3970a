/// <reference types="chrome" />
// Callbacks passed to evaluate() run inside the browser, where the extension APIs exist.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launchFirefox, type FirefoxSession } from './helpers/firefox';
import { popupState, pressSave } from './helpers/popup';
import { PATHS, startSite, type Site } from './helpers/site';

const TITLE = '60 Russian Paratroopers Refuse to Fight In Ukraine — Reports';

describe('Samizdat in real Firefox', () => {
  let site: Site;
  let firefox: FirefoxSession;
  let article: Page;
  let popup: Page;

  beforeAll(async () => {
    site = await startSite();
    firefox = await launchFirefox();
    article = await firefox.browser.newPage();
    await article.goto(site.url + PATHS.seed);
    popup = await firefox.browser.newPage();
  });

  afterAll(async () => {
    await firefox?.close();
    await site?.close();
  });

  it('saves the seed article through the popup', async () => {
    // The popup, opened as a page for the article's tab (Firefox has no simulated toolbar click).
    await firefox.openExtensionPage(popup, '/popup.html');
    const tabId = await popup.evaluate(async (url) => {
      // Match patterns carry no port: ask for the host, then pick the tab by its full address.
      const tabs = await (globalThis as unknown as { browser: typeof chrome }).browser.tabs.query({ url: 'http://127.0.0.1/*' });
      return tabs.find((tab) => tab.url === url)?.id;
    }, site.url + PATHS.seed);
    expect(tabId).toBeGreaterThan(0);
    await firefox.openExtensionPage(popup, `/popup.html?tab=${tabId}`);
    expect(await popupState(popup)).toBe('Not saved yet.');
    expect(await pressSave(popup)).toMatch(new RegExp(`^Saved “${TITLE}”. Kept \\d+ words and its image. Open saved copy$`));
    await popup.waitForFunction((title) => document.querySelector('.saved-list')?.textContent?.includes(title), {}, TITLE);
  });

  it('opens the saved copy, and reading it fetches nothing', async () => {
    const before = site.requests.length;
    expect(await popup.$eval('.save-result', (el) => el.textContent)).toContain('Open saved copy');
    await popup.click('.save-result .link-button');
    const reader = await firefox.findExtensionPage('/reader.html?snapshot=');
    await reader.waitForSelector('.reader h1', { timeout: 15_000 });
    expect(await reader.$eval('.reader h1', (el) => el.textContent)).toBe(TITLE);
    expect(await reader.$eval('.byline', (el) => el.textContent)).toBe('The Moscow Times');
    await reader.waitForFunction(() => (document.querySelector('.article-body figure img') as HTMLImageElement | null)?.complete);
    expect(await reader.$eval('.article-body figure img', (img) => [(img as HTMLImageElement).src.slice(0, 18), (img as HTMLImageElement).naturalWidth])).toEqual(['blob:moz-extension', 320]);
    const body = await reader.$eval('.article-body', (el) => el.textContent ?? '');
    expect(body).toContain('Approximately 60 paratroopers');
    expect(body).not.toContain('We use cookies');
    expect(await reader.$$eval('.article-body script, .article-body [onclick]', (els) => els.length)).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(site.requests.length).toBe(before);
    const loaded = await reader.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name));
    expect(loaded.filter((url) => !url.startsWith('moz-extension://'))).toEqual([]);
  });
});
