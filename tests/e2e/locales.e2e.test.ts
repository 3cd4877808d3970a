/// <reference types="chrome" />
// Callbacks passed to evaluate() run inside the browser, where the extension APIs exist.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Page as PuppeteerPage } from 'puppeteer-core';
import { launchChromium, openNewestCopy, type ChromiumSession } from './helpers/chromium';
import { messagesOf, UI_LOCALES } from './helpers/messages';
import { popupState, pressSave } from './helpers/popup';
import { PATHS, startSite, type Site } from './helpers/site';

/** Screenshots of every language, kept as artefacts of the run. */
const SCREENSHOTS = fileURLToPath(new URL('../../.output/screenshots/', import.meta.url));
mkdirSync(SCREENSHOTS, { recursive: true });

/** Where an element is drawn, to tell a mirrored layout from a left-to-right one. */
const boxOf = (page: PuppeteerPage | Page, selector: string) =>
  // Both drivers' evaluate() take a function and its argument alike.
  (page as Page).evaluate((s: string) => {
    const { left, right, width } = document.querySelector(s)!.getBoundingClientRect();
    return { left, right, width, page: document.documentElement.clientWidth };
  }, selector);

describe.each(UI_LOCALES)('Samizdat with Chromium’s UI in %s', (locale) => {
  const { message, counted } = messagesOf(locale);
  const rtl = locale === 'fa';
  let site: Site;
  let browser: ChromiumSession;
  let tab: Page;

  beforeAll(async () => {
    site = await startSite();
    browser = await launchChromium({ lang: locale });
    tab = browser.context.pages()[0] ?? (await browser.context.newPage());
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('shows the popup in that language, mirrored in Persian', async () => {
    await tab.goto(site.url + PATHS.seed);
    const popup = await browser.clickToolbar(tab);
    // The browser speaks the language asked for: otherwise nothing below means anything.
    expect(await popup.evaluate(() => chrome.i18n.getUILanguage())).toMatch(new RegExp(`^${locale.replace('_', '-')}`, 'i'));
    expect(await popupState(popup)).toBe(message('notSavedYet'));
    expect(await popup.$eval('.save-button', (el) => el.textContent)).toBe(message('saveArticle'));
    expect(await popup.$eval('.popup-header .link-button', (el) => el.textContent)).toBe(message('openLibrary'));
    expect(await popup.$eval('.popup h2', (el) => el.textContent)).toBe(message('recentSaves'));
    expect(await popup.title()).toBe(message('titlePopup'));
    expect(await popup.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([locale.replace('_', '-'), rtl ? 'rtl' : 'ltr']);
    // Mirrored: the name stands at the right and "Open library" at the left in Persian, the other way round otherwise.
    const name = await boxOf(popup, '.popup-header h1');
    const library = await boxOf(popup, '.popup-header .link-button');
    if (rtl) expect(name.left).toBeGreaterThan(library.right);
    else expect(name.right).toBeLessThan(library.left);
    // The search box's text starts on the reading side.
    expect(await popup.$eval('.quick-search input', (el) => getComputedStyle(el).direction)).toBe(rtl ? 'rtl' : 'ltr');
    await popup.screenshot({ path: `${SCREENSHOTS}${locale}-popup.png` });

    const result = await pressSave(popup);
    // The sentence is the language's own (its words count written in its digits), not English.
    expect(result).toContain(counted('words', 194));
    await popup.screenshot({ path: `${SCREENSHOTS}${locale}-popup-saved.png` });
    await popup.close().catch(() => {});
  });

  it('shows the library in that language, mirrored in Persian', async () => {
    const library = await browser.context.newPage();
    await library.goto(browser.extensionUrl('library.html'));
    await library.waitForSelector('.saved-list');
    expect(await library.textContent('h1')).toBe(message('libraryHeading'));
    // The count follows the first rows.
    await expect.poll(() => library.textContent('.library header .meta')).toBe(counted('savedPages', 1));
    expect(await library.textContent('.open-export')).toBe(message('openExport'));
    expect(await library.getAttribute('.search-query', 'placeholder')).toBe(message('searchHint'));
    expect(await library.title()).toBe(message('titleLibrary'));
    expect(await library.evaluate(() => document.documentElement.dir)).toBe(rtl ? 'rtl' : 'ltr');
    // The saved English title keeps its own direction inside a Persian page.
    expect(await library.$eval('.saved-item .saved-title', (el) => getComputedStyle(el).direction)).toBe('ltr');
    const tools = await boxOf(library, '.open-export');
    if (rtl) expect(tools.right).toBeGreaterThan(tools.page / 2);
    else expect(tools.left).toBeLessThan(tools.page / 2);
    await library.screenshot({ path: `${SCREENSHOTS}${locale}-library.png`, fullPage: true });
    await library.close();
  });

  it('shows a saved copy’s details in that language, and the article in its own', async () => {
    const { library, reader } = await openNewestCopy(browser);
    expect(await reader.textContent('.provenance')).toContain(message('detailCaptured'));
    expect(await reader.textContent('.notice')).toBe(message('offlineNotice'));
    expect(await reader.evaluate(() => document.documentElement.dir)).toBe(rtl ? 'rtl' : 'ltr');
    // The English article stays English and left to right whatever the UI.
    expect(await reader.$eval('.article-body', (el) => getComputedStyle(el).direction)).toBe('ltr');
    await reader.screenshot({ path: `${SCREENSHOTS}${locale}-reader.png` });
    await reader.close();
    await library.close();
  });
});
