/// <reference types="chrome" />
// Callbacks passed to evaluate() run inside the browser, where the extension APIs exist.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordCases } from '../helpers/case-count';
import { CHROME_TEST_BUILD, launchChromium, stopServiceWorker, type ChromiumSession } from './helpers/chromium';
import { countRows, rowsOf } from './helpers/library-dump';
import { hostileArticle } from './helpers/hostile-pages';
import { FATES, startNewsroom, type Fate, type Newsroom } from './helpers/newsroom';
import { saveTab, tabIdOf } from './helpers/scripted-save';

type Check = { pageUrl: string; at: number; outcome: string; reason: string; confirmed?: boolean; streak?: number; othersAnswered?: boolean; signature?: { name: string; countries: string[] }; finalUrl?: string };
/** Every check recorded. */
const allChecks = (page: Page) => rowsOf<Check>(page, 'checks');

/** Write one watch's next time, as the schedule would have, and tell the background. */
function dueIn(page: Page, pageUrl: string, ms: number): Promise<void> {
  return page.evaluate(
    ([url, delay]) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('samizdat');
        open.onsuccess = () => {
          const store = open.result.transaction('watches', 'readwrite').objectStore('watches');
          const get = store.get(url);
          get.onsuccess = () => {
            store.put({ ...get.result, nextCheckAt: Date.now() + delay });
            store.transaction.oncomplete = () => {
              open.result.close();
              void chrome.runtime.sendMessage({ samizdat: 'watchChanged', request: {} }).then(() => resolve(), reject);
            };
          };
        };
        open.onerror = () => reject(open.error);
      }),
    [pageUrl, ms] as const,
  );
}

/**
 * Issue 22, end to end in real Chromium with the built extension: pages of a local newsroom saved
 * and watched through the library as a user turns watching on; one check run by a real alarm;
 * "Check all" over a newsroom and its censor, the worker stopped in the middle of it, and every
 * outcome read in the library, a page's history and the censorship log.
 */
describe('watching saved pages in real Chromium', () => {
  let newsroom: Newsroom;
  let browser: ChromiumSession;
  let control: Page;
  const checked = { outcomes: 0 };

  beforeAll(async () => {
    newsroom = await startNewsroom();
    browser = await launchChromium({ build: CHROME_TEST_BUILD });
    control = await browser.context.newPage();
    await control.goto(browser.extensionUrl('options.html'));
  });

  afterAll(async () => {
    await browser?.close();
    await newsroom?.close();
  });

  it('watches pages through the library, as a user turns it on', async () => {
    const tab = await browser.context.newPage();
    for (const address of [...FATES.map(newsroom.addressOf), newsroom.elsewhere.loaded]) {
      await tab.goto(address);
      expect(await saveTab(control, await tabIdOf(control, address))).toMatchObject({ ok: true });
    }
    await tab.close();
    const library = await browser.context.newPage();
    await library.goto(browser.extensionUrl('library.html'));
    await library.waitForSelector('.saved-item');
    for (const item of await library.locator('.saved-item').all()) {
      await item.locator('.page-watch-button').click();
      await item.locator('.watch-button').click();
      await item.locator('.watch-control.watching').waitFor();
    }
    expect(await countRows(control, { store: 'watches' })).toBe(FATES.length + 1);
    // A watched page says when its first check is, a day on.
    await expect.poll(() => library.locator('.saved-item .last-check').first().textContent()).toMatch(/^Not checked yet; the first check is due /);
    await library.close();
  }, 120_000);

  it('runs a check when its alarm comes, and only the page that was due', async () => {
    await dueIn(control, newsroom.addressOf('steady'), 2_000);
    await expect.poll(async () => (await allChecks(control)).length, { timeout: 45_000, interval: 500 }).toBe(1);
    const [check] = await allChecks(control);
    expect(check).toMatchObject({ pageUrl: newsroom.addressOf('steady'), outcome: 'unchanged' });
    checked.outcomes += 1;
  }, 60_000);

  it('checks all watched pages from the library, finishes a run the worker was stopped in, and repeats nothing', async () => {
    newsroom.censor();
    const before = (await allChecks(control)).length;
    const library = await browser.context.newPage();
    await library.goto(browser.extensionUrl('library.html'));
    await library.click('.check-all');
    await library.waitForSelector('.check-all-progress');
    expect(await library.textContent('.check-all-progress')).toMatch(/Checked \d+ of 14 watched pages…/);
    // Stopped while the one that never answers holds its check open.
    await expect.poll(async () => (await allChecks(control)).length - before, { timeout: 30_000 }).toBeGreaterThanOrEqual(4);
    await stopServiceWorker(browser, control);
    const stoppedAt = (await allChecks(control)).length - before;
    expect(stoppedAt).toBeLessThan(14);
    // The library, opened again, sees the run under way and wakes the background, which takes it up.
    await library.reload();
    await expect.poll(async () => (await allChecks(control)).length - before, { timeout: 90_000, interval: 1_000 }).toBe(14);
    await library.waitForSelector('.check-all', { timeout: 15_000 });
    const run = (await allChecks(control)).slice(before);
    // Each page checked once: what was recorded before the stop was not checked again.
    expect(new Set(run.map((c) => c.pageUrl)).size).toBe(14);
    const outcome = (fate: Fate) => run.find((c) => c.pageUrl === newsroom.addressOf(fate));
    expect(outcome('steady')).toMatchObject({ outcome: 'unchanged' });
    expect(outcome('edited')).toMatchObject({ outcome: 'edited' });
    for (const fate of ['gone-404', 'gone-410', 'sent-home', 'not-found-page'] as const) expect(outcome(fate), fate).toMatchObject({ outcome: 'removed', confirmed: false });
    expect(outcome('legal-451')).toMatchObject({ outcome: 'blocked', reason: 'http-451' });
    expect(outcome('block-redirect')).toMatchObject({ outcome: 'blocked', signature: { name: 'cl.isp_ae_du_surfsafely_forward_1', countries: ['AE'] } });
    expect(outcome('block-page')).toMatchObject({ outcome: 'blocked', signature: { name: 'ooni.ru_4', countries: ['RU'] } });
    expect(outcome('reset')).toMatchObject({ outcome: 'unreachable', streak: 1 });
    expect(outcome('hang')).toMatchObject({ outcome: 'unreachable', reason: 'timeout', streak: 1 });
    expect(outcome('flaky-503')).toMatchObject({ outcome: 'refused', reason: 'http-503' });
    expect(outcome('scripted')).toMatchObject({ outcome: 'unreadable', reason: 'no-article' });
    expect(run.find((c) => c.pageUrl === newsroom.elsewhere.canonical)).toMatchObject({ outcome: 'needs-permission' });
    checked.outcomes += run.length;
    await library.close();
  }, 180_000);

  it('confirms the removals, recovers the 503 and names the streak at the next checks, and asks nothing of a site not allowed', async () => {
    newsroom.nextDay();
    const library = await browser.context.newPage();
    await library.goto(browser.extensionUrl('library.html'));
    for (let round = 0; round < 2; round++) {
      const before = (await allChecks(control)).length;
      await library.click('.check-all');
      await expect.poll(async () => (await allChecks(control)).length - before, { timeout: 90_000, interval: 1_000 }).toBe(14);
      await library.waitForSelector('.check-all', { timeout: 15_000 });
    }
    const checks = await allChecks(control);
    const last = (fate: Fate) => checks.filter((c) => c.pageUrl === newsroom.addressOf(fate)).at(-1);
    for (const fate of ['gone-404', 'gone-410', 'sent-home', 'not-found-page'] as const) expect(last(fate), fate).toMatchObject({ outcome: 'removed', confirmed: true });
    expect(last('flaky-503')).toMatchObject({ outcome: 'unchanged' });
    expect(checks.filter((c) => c.pageUrl === newsroom.addressOf('flaky-503')).map((c) => c.outcome)).not.toContain('removed');
    expect(last('edited')).toMatchObject({ outcome: 'unchanged' });
    // Three in a row while the steady page on the same connection answered: it may be blocked.
    expect(last('reset')).toMatchObject({ outcome: 'unreachable', streak: 3, othersAnswered: true });
    // The page filed under a site not allowed was never asked for: no request reached the site for it but the first load.
    expect(newsroom.site.requests.filter((p) => p === '/news/elsewhere.html')).toHaveLength(1);
    expect(checks.filter((c) => c.pageUrl === newsroom.elsewhere.canonical).every((c) => c.outcome === 'needs-permission')).toBe(true);
    checked.outcomes += 28;
    await library.close();
  }, 240_000);

  it('shows the news on the toolbar button, in the library’s marks and lists, a page’s history and the censorship log', async () => {
    const badge = () => control.evaluate(() => chrome.action.getBadgeText({}));
    const checks = await allChecks(control);
    // The news of the three runs: edited 1, blocked 3 (each once, not at every check), removed 4
    // (once confirmed), unreachable 2 (the third failure in a row while other sites answered).
    const news = checks.filter((c) => (c as { news?: number }).news === 1);
    expect(news.map((c) => c.outcome).sort()).toEqual(['blocked', 'blocked', 'blocked', 'edited', 'removed', 'removed', 'removed', 'removed', 'unreachable', 'unreachable']);
    // The button counts what came since the library was last opened (before the last two runs).
    const unseen = checks.filter((c) => (c as { unseen?: number }).unseen === 1).length;
    expect(unseen).toBe(6);
    expect(await badge()).toBe('6');
    const library = await browser.context.newPage();
    await library.goto(browser.extensionUrl('library.html'));
    await expect.poll(badge).toBe('');
    const titles = async (show: string) => {
      await library.selectOption('.show-pages', show);
      await library.waitForSelector('.saved-list, .empty');
      return (await library.locator('.saved-item .saved-title').allTextContents()).length;
    };
    expect(await titles('edited')).toBe(1);
    expect(await titles('removed')).toBe(4);
    expect(await titles('blocked')).toBe(3);
    expect(await titles('unreachable')).toBe(2);
    expect(await titles('watched')).toBe(14);
    await library.selectOption('.show-pages', 'blocked');
    expect(await library.locator('.saved-item .news-mark.news-blocked').count()).toBe(3);
    await library.selectOption('.show-pages', 'all');

    // The edited page's history: the checks on the timeline, the version a check found.
    await library.selectOption('.show-pages', 'edited');
    const opening = browser.context.waitForEvent('page');
    await library.locator('.saved-item .history-button').first().click();
    const history = await opening;
    await history.waitForSelector('.timeline .check');
    const timeline = await history.locator('.timeline li').allTextContents();
    expect(timeline.some((line) => /Changed: saved as version 2 \(found by a check\)/.test(line))).toBe(true);
    expect(timeline.some((line) => /Checked: Edited: the new version was kept beside the others\./.test(line))).toBe(true);
    expect(await history.locator('.diff-text del').count()).toBeGreaterThan(0);
    await history.close();

    // The censorship log, and its export.
    await library.click('.open-log');
    const log = library;
    await log.waitForSelector('.log-table, .empty');
    expect(await log.locator('.log-entry').count()).toBe(10);
    expect(await log.locator('.log-entry.log-blocked').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('Blocked: the answer is a known block page (ooni.ru_4, seen in Russia).'), expect.stringContaining('HTTP 451')]),
    );
    const downloading = log.waitForEvent('download');
    await log.click('.log-csv');
    const csv = readFileSync((await (await downloading).path())!, 'utf8');
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(11);
    expect(csv).toContain('"cl.isp_ae_du_surfsafely_forward_1"');
    await library.close();
    recordCases(import.meta.url, [{ kind: 'faults', what: 'checks of a newsroom and its censor, the worker stopped once (Chromium)', count: checked.outcomes }]);
  }, 120_000);

  it('opens a page a check could not read and saves it as a click would', async () => {
    const library = await browser.context.newPage();
    await library.goto(browser.extensionUrl('library.html'));
    const item = library.locator('.saved-item', { hasText: `Harbour report ${FATES.indexOf('scripted')}` }).first();
    await item.locator('.page-watch-button').click();
    await expect.poll(() => item.locator('.last-check').textContent()).toContain('Could not be read without opening the page');
    const sightings = await countRows(control, { store: 'sightings' });
    const opening = browser.context.waitForEvent('page');
    await item.locator('.open-and-save').click();
    const tab = await opening;
    // The page's script drew the article; the save found it unchanged, and says so on its timeline.
    await expect.poll(() => countRows(control, { store: 'sightings' }), { timeout: 30_000 }).toBe(sightings + 1);
    expect(await tab.locator('article h1').textContent()).toBe(`Harbour report ${FATES.indexOf('scripted')}`);
    await tab.close();
    await library.close();
  });

  it('cancels a check of all, putting the pages it had not reached back on their schedule', async () => {
    const library = await browser.context.newPage();
    await library.goto(browser.extensionUrl('library.html'));
    const before = (await allChecks(control)).length;
    await library.click('.check-all');
    await library.click('.cancel-checks');
    await library.waitForSelector('.check-all', { timeout: 30_000 });
    const ran = (await allChecks(control)).length - before;
    expect(ran).toBeLessThan(15);
    // Nothing is left due: no check runs on after the cancel.
    const due = await control.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const open = indexedDB.open('samizdat');
          open.onsuccess = () => {
            const request = open.result.transaction('watches').objectStore('watches').index('nextCheckAt').count(IDBKeyRange.upperBound(Date.now()));
            request.onsuccess = () => {
              open.result.close();
              resolve(request.result);
            };
          };
        }),
    );
    expect(due).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect((await allChecks(control)).length - before).toBe(ran);
    await library.close();
  });

  it('watches every page saved from then on, once Settings says so', async () => {
    await control.check('.watch-new-saves');
    const fresh = `http://fresh.localhost:${newsroom.site.port}/news/fresh.html`;
    newsroom.site.route('/news/fresh.html', { body: hostileArticle({ id: 'fresh', payload: '' }, 77), type: 'text/html; charset=utf-8' });
    const before = await countRows(control, { store: 'watches' });
    const tab = await browser.context.newPage();
    await tab.goto(fresh);
    expect(await saveTab(control, await tabIdOf(control, fresh))).toMatchObject({ ok: true, outcome: { kind: 'new-page' } });
    await expect.poll(() => countRows(control, { store: 'watches' })).toBe(before + 1);
    await control.uncheck('.watch-new-saves');
    await tab.close();
  });
});
