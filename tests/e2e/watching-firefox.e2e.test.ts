/// <reference types="chrome" />
// Callbacks passed to evaluate() run inside the browser, where the extension APIs exist.
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordCases } from '../helpers/case-count';
import { launchFirefox, type FirefoxSession } from './helpers/firefox';
import { countRows, rowsOf } from './helpers/library-dump';
import { startNewsroom, type Fate, type Newsroom } from './helpers/newsroom';
import { waitUntil } from './helpers/wait';

type Check = { pageUrl: string; outcome: string; reason: string; confirmed?: boolean; signature?: { name: string } };
type Ext = { browser: typeof chrome };

/** Every check recorded. */
const allChecks = (page: Page) => rowsOf<Check>(page, 'checks');

const FATES: Fate[] = ['steady', 'edited', 'gone-404', 'legal-451', 'block-page', 'scripted'];

/**
 * Issue 22 in real Firefox (its background page reads a checked page itself: no offscreen
 * document): pages watched through the library, a check run by a real alarm, "Check all" over a
 * newsroom and its censor, the outcomes in the library and the censorship log.
 */
describe('watching saved pages in real Firefox', () => {
  let newsroom: Newsroom;
  let firefox: FirefoxSession;
  let control: Page;

  beforeAll(async () => {
    newsroom = await startNewsroom(FATES);
    firefox = await launchFirefox();
    control = await firefox.browser.newPage();
    await firefox.openExtensionPage(control, '/options.html');
  });

  afterAll(async () => {
    await firefox?.close();
    await newsroom?.close();
  });

  it('saves and watches pages, as a user turns watching on in the library', async () => {
    for (const address of [...FATES.map(newsroom.addressOf), newsroom.elsewhere.loaded]) {
      const tab = await firefox.browser.newPage();
      await tab.goto(address);
      const saved = await control.evaluate(async (url) => {
        const ext = (globalThis as unknown as Ext).browser;
        const host = new URL(url).hostname;
        const tabs = await ext.tabs.query({ url: `http://${host}/*` });
        const id = tabs.find((t) => t.url === url)?.id;
        return ext.runtime.sendMessage({ samizdat: 'saveTab', request: { tabId: id } });
      }, address);
      expect(saved, address).toMatchObject({ ok: true });
      await tab.close();
    }
    const library = await firefox.browser.newPage();
    await firefox.openExtensionPage(library, '/library.html');
    await library.waitForSelector('.saved-item');
    const items = await library.$$('.saved-item');
    expect(items).toHaveLength(FATES.length + 1);
    for (const item of items) {
      await (await item.$('.page-watch-button'))!.click();
      await (await item.waitForSelector('.watch-button'))!.click();
      await item.waitForSelector('.watch-control.watching');
    }
    expect(await countRows(control, { store: 'watches' })).toBe(FATES.length + 1);
    await library.close();
  }, 120_000);

  it('runs a check when its alarm comes', async () => {
    await control.evaluate(
      (url) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('samizdat');
          open.onsuccess = () => {
            const store = open.result.transaction('watches', 'readwrite').objectStore('watches');
            const get = store.get(url);
            get.onsuccess = () => {
              store.put({ ...get.result, nextCheckAt: Date.now() + 2_000 });
              store.transaction.oncomplete = () => {
                open.result.close();
                void (globalThis as unknown as Ext).browser.runtime.sendMessage({ samizdat: 'watchChanged', request: {} }).then(() => resolve(), reject);
              };
            };
          };
        }),
      newsroom.addressOf('steady'),
    );
    await waitUntil(control, async () => {
      const open = indexedDB.open('samizdat');
      const count = await new Promise<number>((resolve) => {
        open.onsuccess = () => {
          const request = open.result.transaction('checks').objectStore('checks').count();
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result);
          };
        };
      });
      return count === 1;
    }, [], { timeout: 90_000, what: 'the alarm to run a check' });
    expect(await allChecks(control)).toEqual([expect.objectContaining({ pageUrl: newsroom.addressOf('steady'), outcome: 'unchanged' })]);
  }, 120_000);

  it('checks all from the library: edited, removed, blocked, and nothing asked of a site not allowed', async () => {
    newsroom.censor();
    const library = await firefox.browser.newPage();
    await firefox.openExtensionPage(library, '/library.html');
    for (let round = 0; round < 2; round++) {
      const before = (await allChecks(control)).length;
      await (await library.waitForSelector('.check-all'))!.click();
      await waitUntil(control, async (n) => {
        const open = indexedDB.open('samizdat');
        return new Promise<boolean>((resolve) => {
          open.onsuccess = () => {
            const request = open.result.transaction('checks').objectStore('checks').count();
            request.onsuccess = () => {
              open.result.close();
              resolve(request.result >= n);
            };
          };
        });
      }, [before + FATES.length + 1], { timeout: 60_000, what: 'a check of every watched page' });
      await library.waitForSelector('.check-all', { timeout: 15_000 });
    }
    const checks = await allChecks(control);
    const last = (fate: Fate) => checks.filter((c) => c.pageUrl === newsroom.addressOf(fate)).at(-1);
    expect(last('steady')).toMatchObject({ outcome: 'unchanged' });
    expect(checks.filter((c) => c.pageUrl === newsroom.addressOf('edited')).map((c) => c.outcome)).toEqual(['edited', 'unchanged']);
    expect(last('gone-404')).toMatchObject({ outcome: 'removed', confirmed: true });
    expect(last('legal-451')).toMatchObject({ outcome: 'blocked', reason: 'http-451' });
    expect(last('block-page')).toMatchObject({ outcome: 'blocked', signature: { name: 'ooni.ru_4' } });
    expect(last('scripted')).toMatchObject({ outcome: 'unreadable', reason: 'no-article' });
    expect(checks.filter((c) => c.pageUrl === newsroom.elsewhere.canonical).map((c) => c.outcome)).toEqual(['needs-permission', 'needs-permission']);
    expect(newsroom.site.requests.filter((p) => p === '/news/elsewhere.html')).toHaveLength(1);

    // The library's marks and lists, and the censorship log.
    await firefox.openExtensionPage(library, '/library.html');
    await (await library.waitForSelector('select.show-pages'))!.select('blocked');
    await waitUntil(library, () => document.querySelectorAll('.saved-item .news-mark.news-blocked').length === 2, []);
    await firefox.openExtensionPage(library, '/log.html');
    await library.waitForSelector('.log-table');
    expect(await library.$$eval('.log-entry', (rows) => rows.length)).toBe(4);
    recordCases(import.meta.url, [{ kind: 'faults', what: 'checks of a newsroom and its censor (Firefox)', count: checks.length }]);
    await library.close();
  }, 180_000);

  it('opens a page a check could not read and saves it as a click would', async () => {
    const library = await firefox.browser.newPage();
    await firefox.openExtensionPage(library, '/library.html');
    await library.waitForSelector('.saved-item');
    const title = `Harbour report ${FATES.indexOf('scripted')}`;
    const index = await library.$$eval('.saved-item', (items, wanted) => items.findIndex((el) => el.textContent?.includes(wanted)), title);
    expect(index).toBeGreaterThanOrEqual(0);
    const scripted = (await library.$$('.saved-item'))[index]!;
    await (await scripted.$('.page-watch-button'))!.click();
    await waitUntil(library, (i) => /Could not be read without opening the page/.test(document.querySelectorAll('.saved-item')[i]?.querySelector('.last-check')?.textContent ?? ''), [index]);
    const sightings = await countRows(control, { store: 'sightings' });
    const opening = firefox.browser.waitForTarget((target) => target.url() === newsroom.addressOf('scripted'));
    await (await scripted.waitForSelector('.open-and-save'))!.click();
    const tab = (await (await opening).page())!;
    // The page's script drew the article, and the save, made once it had loaded, found it unchanged.
    await expect.poll(() => countRows(control, { store: 'sightings' }), { timeout: 30_000 }).toBe(sightings + 1);
    expect(await tab.$eval('article h1', (h1) => h1.textContent)).toBe(title);
    await tab.close();
    await library.close();
  }, 60_000);
});
