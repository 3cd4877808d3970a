/// <reference types="chrome" />
// Callbacks passed to evaluate() run inside the browser, where the extension APIs exist.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { failureMessage } from '../../utils/save/failures';
import { launchChromium, type ChromiumSession } from './helpers/chromium';
import { countRows, queuedRows } from './helpers/library-dump';
import { popupState, pressSave } from './helpers/popup';
import { CHINESE_PAGES, chineseWordOf, PATHS, startSite, type Site } from './helpers/site';

const TITLE = '60 Russian Paratroopers Refuse to Fight In Ukraine — Reports';
const EDITED_TITLE = 'Russian Paratroopers Refuse to Fight In Ukraine — Reports';
const CANONICAL = 'https://www.themoscowtimes.com/2022/04/07/60-russian-paratroopers-refuse-to-fight-in-ukraine-reports';

describe('Samizdat in real Chromium, driven as a user would', () => {
  let site: Site;
  let browser: ChromiumSession;
  let tab: Page;

  beforeAll(async () => {
    site = await startSite();
    browser = await launchChromium();
    tab = browser.context.pages()[0] ?? (await browser.context.newPage());
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  /** Click something that may make the browser close the popup (a permission prompt) before the click ends. */
  const clickMayClose = (popup: Awaited<ReturnType<ChromiumSession['clickToolbar']>>, selector: string) =>
    popup.click(selector).catch((error: Error) => {
      if (!/Target closed|detached/i.test(error.message)) throw error;
    });

  /** How many pages the library holds, read from the background's database. */
  const savedPages = () =>
    browser.worker.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('samizdat');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const count = open.result.transaction('pages').objectStore('pages').count();
            count.onsuccess = () => {
              open.result.close();
              resolve(count.result);
            };
          };
        }),
    );

  /** The extension's own files, and the blob: URLs it makes of stored images: nothing from the network. */
  const isOwnFile = (url: string) => url.startsWith(`chrome-extension://${browser.extensionId}/`) || url.startsWith(`blob:chrome-extension://${browser.extensionId}/`);

  /** The popup closes by itself when a tab opens, as in the browser; close it if it is still there. */
  const closePopup = (popup: { close: () => Promise<void> }) => popup.close().catch(() => {});

  /** Open the popup's "Open saved copy" and return the reader tab, with every request it made. */
  async function openSavedCopy(popup: Awaited<ReturnType<ChromiumSession['clickToolbar']>>) {
    const requests: string[] = [];
    const listener = (request: { url: () => string }) => requests.push(request.url());
    browser.context.on('request', listener);
    const opened = browser.context.waitForEvent('page');
    await popup.click('.save-result .open-saved-copy');
    const reader = await opened;
    await reader.waitForSelector('.reader h1');
    await reader.waitForLoadState('networkidle');
    return { reader, requests, stop: () => browser.context.off('request', listener) };
  }

  it('refuses a browser page, with its message', async () => {
    await tab.goto('chrome://version');
    const popup = await browser.clickToolbar(tab);
    expect(await popupState(popup)).toBe(failureMessage('browser-page'));
    expect(await popup.$eval('.save-button', (b) => (b as HTMLButtonElement).disabled)).toBe(true);
    await closePopup(popup);
  });

  it('says so when the page has crashed, not that it may not be read', async () => {
    const crashing = await browser.context.newPage();
    await crashing.goto(site.url + PATHS.signIn);
    const crashed = new Promise<void>((resolve) => crashing.once('crash', () => resolve()));
    const cdp = await browser.context.newCDPSession(crashing);
    // The renderer goes away, so the command is never answered: fire it and wait for the crash.
    void cdp.send('Page.crash').catch(() => {});
    await crashed;
    const popup = await browser.clickToolbar(crashing);
    expect(await popupState(popup)).toBe(failureMessage('page-crashed'));
    expect(await popup.$eval('.save-button', (b) => (b as HTMLButtonElement).disabled)).toBe(true);
    await closePopup(popup);
    await crashing.close();
  });

  it('says so on a page with no article, and saves nothing', async () => {
    await tab.goto(site.url + PATHS.signIn);
    const popup = await browser.clickToolbar(tab);
    expect(await popupState(popup)).toBe(failureMessage('not-an-article'));
    expect(await popup.$eval('.saved-list, .empty', (el) => el.textContent)).toBe('Nothing saved yet.');
    await closePopup(popup);
  });

  it('saves the article from the toolbar popup', async () => {
    await tab.goto(site.url + PATHS.seed);
    const popup = await browser.clickToolbar(tab);
    expect(await popupState(popup)).toBe('Not saved yet.');
    expect(await popup.$eval('.page-title', (el) => el.textContent)).toBe(TITLE);
    // Save is the first thing focused, so Enter saves.
    expect(await popup.evaluate(() => document.activeElement?.className)).toBe('save-button');
    // Reading the page for the popup fetched nothing: the lazy photo is resolved in an inert copy.
    expect(site.countOf('/paratroopers.png')).toBe(0);
    expect(await pressSave(popup)).toContain(`Saved “${TITLE}”. Kept 194 words and its image.`);
    // Saving fetched it once, for the copy.
    expect(site.countOf('/paratroopers.png')).toBe(1);
    // Its search row went in queued; the background indexes it right after the save.
    await expect.poll(() => queuedRows(browser.worker), { timeout: 10_000 }).toBe(0);
    expect(await countRows(browser.worker, { store: 'words', index: 'terms', key: 'paratroopers' })).toBe(1);
    await popup.waitForFunction((title) => document.querySelector('.saved-list')?.textContent?.includes(title), {}, TITLE);

    const before = site.requests.length;
    const { reader, requests, stop } = await openSavedCopy(popup);
    stop();
    expect(await reader.textContent('.reader h1')).toBe(TITLE);
    expect(await reader.textContent('.byline')).toBe('The Moscow Times');
    expect(await reader.textContent('.provenance')).toContain(CANONICAL);
    expect(await reader.textContent('.provenance')).toContain(`${site.url}${PATHS.seed}`);
    expect(await reader.getAttribute('.provenance a', 'href')).toBe(CANONICAL);
    expect(await reader.textContent('.provenance')).toMatch(/Published.*2022/);
    expect(await reader.textContent('.provenance')).toContain('Captured');
    // The lead photo, with caption and credit, shown from the stored bytes.
    const photo = reader.locator('.article-body figure img');
    expect(await photo.getAttribute('src')).toMatch(/^blob:chrome-extension:/);
    expect(await photo.evaluate((img: HTMLImageElement) => [img.complete, img.naturalWidth, img.naturalHeight])).toEqual([true, 320, 180]);
    expect(await reader.textContent('.article-body figcaption')).toBe('Russian paratroopers. Alexander Avilov / Moskva News Agency');
    const body = await reader.textContent('.article-body');
    expect(body).toContain('Approximately 60 paratroopers');
    expect(body).toContain('Denis Kamalyagin');
    expect(body).not.toContain('We use cookies');
    // Viewing a saved copy makes no network request: only the extension's own files load.
    expect(requests.filter((url) => !isOwnFile(url))).toEqual([]);
    expect(site.requests.length).toBe(before);
    await reader.close();
    await closePopup(popup);
  });

  it('records a re-check, not a copy, when the article has not changed', async () => {
    const popup = await browser.clickToolbar(tab);
    expect(await popupState(popup)).toMatch(/^Saved .*; the live page is the same\.$/);
    expect(await pressSave(popup)).toBe(`“${TITLE}” has not changed since it was last saved; the check was recorded and no copy was added. Open saved copy`);
    await closePopup(popup);
  });

  it('notices the quiet edit and keeps it as a second version', async () => {
    site.editSeed();
    await tab.reload();
    const popup = await browser.clickToolbar(tab);
    expect(await popupState(popup)).toContain('the live page now differs from your newest copy');
    expect(await pressSave(popup)).toContain(`Saved a new version (version 2) of “${EDITED_TITLE}”`);
    await popup.waitForFunction(() => document.querySelector('.saved-list')?.textContent?.includes('2 versions'));
    expect(await popup.$$eval('.saved-item', (items) => items.length)).toBe(1);
    await closePopup(popup);
  });

  it('shows the two versions on a timeline and exactly what the quiet edit changed', async () => {
    const library = await browser.context.newPage();
    await library.goto(browser.extensionUrl('/library.html'));
    const opening = browser.context.waitForEvent('page');
    await library.click('.saved-item .history-button');
    const history = await opening;
    await history.waitForSelector('.diff-text');
    expect(await history.textContent('.history h1')).toBe(EDITED_TITLE);
    expect(await history.locator('.timeline li').allTextContents()).toEqual([
      expect.stringContaining(`First saved (version 1) from ${new URL(site.url).host}`),
      expect.stringContaining('Checked again: unchanged (version 1)'),
      expect.stringContaining('Changed: saved as version 2'),
    ]);
    const rows = await history.locator('.diff-fields tbody tr').allTextContents();
    expect(rows).toContain(`Headline${TITLE}${EDITED_TITLE}`);
    expect(rows).toContain('Modified2022-04-07T12:45:00+03:002022-04-09T09:10:00+03:00');
    const removed = await history.locator('.diff-text del').allTextContents();
    const added = await history.locator('.diff-text ins').allTextContents();
    expect(removed).toContain('Approximately 60');
    expect(added).toContain('Several');
    expect(removed.join(' ')).toContain('Local activist Nikolay Kuzmin said that he had spoken with a driver who helped transport troops back to Pskov');
    // Strikethrough in red, and the words announced as removed to screen readers.
    const style = await history.locator('.diff-text del').first().evaluate((el) => [getComputedStyle(el).textDecorationLine, el.getAttribute('aria-label')]);
    expect(style).toEqual(['line-through', 'removed: Approximately 60']);
    await history.close();
    await library.close();
  });

  it('makes saved titles and version counts real links: a middle-click opens them in a new tab, the library stays', async () => {
    const library = await browser.context.newPage();
    await library.goto(browser.extensionUrl('/library.html'));
    const title = library.locator('.saved-item a.saved-title').first();
    const versions = library.locator('.saved-item a.history-button').first();
    const snapshotHref = await title.getAttribute('href');
    expect(snapshotHref).toMatch(new RegExp(`^chrome-extension://${browser.extensionId}/reader\\.html\\?snapshot=[0-9a-f]{64}$`));
    expect(await versions.getAttribute('href')).toBe(browser.extensionUrl(`versions.html?page=${encodeURIComponent(CANONICAL)}`));
    const clicks: Array<[typeof title, Parameters<typeof title.click>[0], string]> = [
      [title, { button: 'middle' }, '.reader h1'],
      [title, { modifiers: ['Control'] }, '.reader h1'],
      [versions, { button: 'middle' }, '.history h1'],
    ];
    for (const [link, open, shows] of clicks) {
      const opened = browser.context.waitForEvent('page');
      await link.click(open);
      const tab = await opened;
      await tab.waitForSelector(shows);
      expect(tab.url()).toBe(await link.getAttribute('href'));
      await tab.close();
      // The browser's own way with links: the library itself did not go anywhere.
      expect(library.url()).toBe(browser.extensionUrl('library.html'));
    }
    await library.close();
  });

  it('keeps a photo report’s image offline, fetched once at save and never when read', async () => {
    await tab.goto(site.url + PATHS.photoReport);
    const photoLoads = site.countOf(PATHS.photo);
    const popup = await browser.clickToolbar(tab);
    expect(await pressSave(popup)).toContain('Saved “Riverside Residents Document Flooding in Photos”. Kept');
    expect(site.countOf(PATHS.photo)).toBe(photoLoads + 1);
    const { reader, requests, stop } = await openSavedCopy(popup);
    stop();
    const image = reader.locator('.article-body img');
    expect(await image.getAttribute('alt')).toBe('Flooded street outside the old mill');
    expect(await image.getAttribute('src')).toMatch(/^blob:/);
    expect(await image.getAttribute('data-samizdat-src')).toBe(site.url + PATHS.photo);
    expect(await reader.textContent('.article-body figcaption')).toContain('The street outside the old mill');
    expect(site.countOf(PATHS.photo)).toBe(photoLoads + 1);
    expect(requests.filter((url) => !isOwnFile(url))).toEqual([]);
    await reader.close();
    await closePopup(popup);
  });

  it('saves the text when an image site is not allowed, lists the image as missing, and fetches nothing', async () => {
    await tab.goto(site.url + PATHS.wireReport);
    const pageLoads = site.countOf(PATHS.wirePhoto);
    const popup = await browser.clickToolbar(tab);
    await popupState(popup);
    expect(await popup.$eval('.image-permission', (el) => el.textContent)).toContain(`Some images are on another site (${new URL(site.imageOrigin).hostname})`);
    // Save asks for the site; the browser's prompt closes the popup and nobody answers it here,
    // which is what declining looks like to Samizdat: the text is saved, the image is not fetched.
    await clickMayClose(popup, '.save-button');
    const badge = async () =>
      browser.worker.evaluate(async (url) => {
        const [active] = await chrome.tabs.query({ url });
        return chrome.action.getTitle({ tabId: active?.id });
      }, tab.url());
    await expect.poll(badge, { timeout: 15_000 }).toBe('Samizdat: Saved “Strike Enters Third Week at the Northern Port”. Kept 131 words and 0 of 1 images.');
    expect(site.countOf(PATHS.wirePhoto)).toBe(pageLoads);

    const reader = await browser.context.newPage();
    await reader.goto(browser.extensionUrl('/library.html'));
    const opening = browser.context.waitForEvent('page');
    await reader.click('.saved-item .saved-title >> text=Strike Enters Third Week');
    const opened = await opening;
    await opened.waitForSelector('.reader h1');
    const image = opened.locator('.article-body img');
    expect(await image.getAttribute('src')).toBeNull();
    expect(await image.getAttribute('alt')).toBe('Cranes standing idle at the northern port');
    expect(await image.getAttribute('title')).toContain('Image not kept: on another site that Samizdat was not allowed to fetch from');
    expect(await opened.textContent('.article-body')).toContain('Dock workers at the northern port');
    expect(site.countOf(PATHS.wirePhoto)).toBe(pageLoads);
    await opened.close();
    await reader.close();
  });

  it('offers the whole page where there is no article, and keeps it marked as such', async () => {
    await tab.goto(site.url + PATHS.signIn);
    const popup = await browser.clickToolbar(tab);
    expect(await popupState(popup)).toBe(failureMessage('not-an-article'));
    await popup.click('.whole-page-button');
    await popup.waitForFunction(() => document.querySelector('.save-result')?.classList.contains('ok'));
    expect(await popup.$eval('.save-result', (el) => el.textContent)).toContain('Saved “Sign in — Test Gazette”. Kept 9 words, as a simplified copy of the whole page.');
    await popup.waitForFunction(() => document.querySelector('.saved-list')?.textContent?.includes('whole page'));
    await closePopup(popup);
  });

  it('finds saved pages in any language from the library’s search box', async () => {
    for (const path of [PATHS.russian, PATHS.persian, ...CHINESE_PAGES.map((name) => `/zh/${name}.html`)]) {
      await tab.goto(site.url + path);
      const saved = await savedPages();
      const popup = await browser.clickToolbar(tab);
      await popupState(popup);
      // Pages with images on other sites make the browser ask, which closes the popup: watch the library instead.
      await clickMayClose(popup, '.save-button');
      // Generous: a guard against a hang on a loaded machine, not a speed claim.
      await expect.poll(savedPages, { timeout: 45_000 }).toBe(saved + 1);
      await closePopup(popup);
    }
    const library = await browser.context.newPage();
    await library.goto(browser.extensionUrl('/library.html'));
    const search = async (query: string) => {
      await library.fill('.search-query', query);
      // The results say which query they answer: wait for this one's.
      await library.waitForFunction((q) => document.querySelector('[role="status"]')?.getAttribute('data-query') === q, query);
      return library.locator('.search-results .saved-item .saved-title, .empty').allTextContents();
    };
    expect(await search('емкость')).toEqual(['Жители вышли на защиту районной больницы']);
    expect(await search('Ёмкость')).toEqual(['Жители вышли на защиту районной больницы']);
    expect(await search('بيمارستان')).toEqual(['تجمع ساکنان در دفاع از بیمارستان منطقه']);
    expect(await search('flood')).toEqual(['Riverside Residents Document Flooding in Photos']);
    expect(await search('больницы депутаты')).toEqual(['Жители вышли на защиту районной больницы']);
    expect(await search('больницы flood')).toEqual(['No saved page matches “больницы flood”.']);
    expect(await search('photograph')).toEqual(['Riverside Residents Document Flooding in Photos']);
    expect(await library.locator('.search-results mark').allTextContents()).toEqual(['photographing']);
    expect(await search('zzyzx')).toEqual(['No saved page matches “zzyzx”.']);
    for (const name of CHINESE_PAGES) {
      const word = chineseWordOf(name);
      const found = await search(word);
      expect(found.length, `${name}: ${word}`).toBeGreaterThan(0);
      expect(await library.locator('.search-results mark').count(), `${name}: ${word} marked`).toBeGreaterThan(0);
    }
    await library.close();
    // Five saves through Chrome's permission prompt, each of which closes the popup: slow on a
    // loaded machine (the same with the first release's build), so a hang guard of three minutes.
  }, 180_000);

  it('opens the library on a search typed in the popup', async () => {
    const popup = await browser.clickToolbar(tab);
    const opened = browser.context.waitForEvent('page');
    await popup.type('.quick-search input', 'paratroopers');
    // Enter opens the library tab, which closes the popup, sometimes before the key is released.
    await popup.keyboard.press('Enter').catch((error: Error) => {
      if (!/Target closed/.test(error.message)) throw error;
    });
    const library = await opened;
    await library.waitForSelector('.search-results .saved-item');
    expect(await library.inputValue('.search-query')).toBe('paratroopers');
    expect(await library.locator('.search-results .saved-item .saved-title').allTextContents()).toEqual([EDITED_TITLE]);
    await library.close();
    await closePopup(popup);
  });

  it('tags a page, filters by its tag, deletes a page and undoes it', async () => {
    const library = await browser.context.newPage();
    await library.goto(browser.extensionUrl('/library.html'));
    const photoItem = library.locator('.saved-item', { hasText: 'Riverside Residents Document Flooding in Photos' });
    await photoItem.locator('.edit-button').click();
    await photoItem.locator('.tags-input').fill('floods, Riverside ,floods');
    await photoItem.locator('.note-input').fill('Compare with the council statement.');
    await photoItem.locator('button[type="submit"]').click();
    await expect.poll(() => photoItem.locator('.tag').allTextContents()).toEqual(['floods', 'Riverside']);
    expect(await photoItem.locator('.note').textContent()).toBe('Compare with the council statement.');

    await library.selectOption('.search-tag', 'floods');
    await library.waitForSelector('.search-results [role="status"], [role="status"][data-query]');
    expect(await library.locator('.search-results .saved-item > .saved-title').allTextContents()).toEqual(['Riverside Residents Document Flooding in Photos']);
    await library.selectOption('.search-tag', '');

    const count = async () => library.textContent('.library header .meta');
    const before = await count();
    await library.locator('.saved-item', { hasText: 'Strike Enters Third Week' }).locator('.delete-button').click();
    await expect.poll(() => library.textContent('.undo-bar')).toContain('Deleted “Strike Enters Third Week at the Northern Port” and its copy.');
    expect(await library.locator('.saved-item', { hasText: 'Strike Enters Third Week' }).count()).toBe(0);
    await library.click('.undo-button');
    await expect.poll(() => library.locator('.saved-item', { hasText: 'Strike Enters Third Week' }).count()).toBe(1);
    expect(await count()).toBe(before);
    await library.close();
  });

  it('still has the library after the browser is closed and opened again', async () => {
    const { userDataDir } = browser;
    await browser.close();
    browser = await launchChromium({ userDataDir });
    const library = await browser.context.newPage();
    await library.goto(browser.extensionUrl('/library.html'));
    await library.waitForSelector('.saved-item');
    const items = await library.locator('.saved-item').allTextContents();
    expect(items).toHaveLength(9);
    expect(items[3]).toContain('تجمع ساکنان در دفاع از بیمارستان منطقه');
    expect(items[4]).toContain('Жители вышли на защиту районной больницы');
    expect(items[5]).toContain('Sign in — Test Gazette');
    expect(items[5]).toContain('whole page');
    expect(items[6]).toContain('Strike Enters Third Week at the Northern Port');
    expect(items[7]).toContain('Riverside Residents Document Flooding in Photos');
    expect(items[8]).toContain(EDITED_TITLE);
    expect(items[8]).toContain('2 versions');
    // The count follows the first rows.
    await expect.poll(() => library.textContent('.library header .meta')).toBe('9 saved pages');
  });

  it('answers from the page’s address first, and from the page itself once it is read', async () => {
    // A long article (about 1.5 MB), so that reading it takes long enough to see the first answer.
    const paragraph = 'The river rose through the night and the old bridge closed at dawn, the mayor said, as volunteers carried sandbags to the school on the hill and the buses stopped running. ';
    const body = Array.from({ length: 4000 }, (_, i) => `<p>${i + 1}. ${paragraph.repeat(2)}</p>`).join('\n');
    const path = '/news/long-report.html';
    site.route(path, {
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>The long flood report</title><link rel="canonical" href="https://news.example/long-flood-report?utm_source=feed"></head><body><article><h1>The long flood report</h1>${body}</article></body></html>`,
      type: 'text/html; charset=utf-8',
    });
    // Last, on the browser opened again: a tenth page would change what the tests above count.
    tab = await browser.context.newPage();
    await tab.goto(site.url + path);
    let popup = await browser.clickToolbar(tab);
    expect(await pressSave(popup)).toContain('Saved “The long flood report”.');
    await closePopup(popup);

    popup = await browser.clickToolbar(tab);
    const first = await popup.waitForSelector('.state.state-checking', { timeout: 5_000 });
    expect(await first!.evaluate((el) => [el.textContent, el.getAttribute('aria-busy')])).toEqual([expect.stringMatching(/^Saved .*; checking whether the live page has changed…$/), 'true']);
    expect(await popupState(popup)).toMatch(/^Saved .*; the live page is the same\.$/);
    expect(await popup.$eval('.state', (el) => el.hasAttribute('aria-busy'))).toBe(false);
    await closePopup(popup);
  });

  it('puts back the paragraph Readability drops, leaves out the prompts, and says the page states more than it shows', async () => {
    await tab.goto(site.url + PATHS.statedBody);
    const popup = await browser.clickToolbar(tab);
    expect(await popupState(popup)).toBe('Not saved yet.');
    expect(await popup.$eval('.page-title', (el) => el.textContent)).toBe('Court fines a newspaper for a report on the protest');
    expect(await popup.$eval('.stated-shortfall', (el) => el.textContent)).toMatch(/^This page says its article has about \d+ words; Samizdat found \d+ of them on the page\.$/);
    expect(await pressSave(popup)).toContain('Saved “Court fines a newspaper for a report on the protest”.');
    const { reader, stop } = await openSavedCopy(popup);
    stop();
    const body = (await reader.textContent('.article-body')) ?? '';
    // In place: after the editor, before the fine.
    expect(body).toMatch(/all night\.[^]*The ministry's spokesman said[^]*The fine is the third/);
    expect(body).not.toContain('Share this article');
    expect(body).not.toContain('Related stories');
    expect(body).not.toContain('Police detain dozens');
    // What the page states but never shows is not written into the copy.
    expect(body).not.toContain('collection to pay the fine');
    expect(await reader.textContent('.byline')).toBe('Anna Petrova, Ivan Sidorov');
    await reader.close();
    await closePopup(popup);
  });
});
