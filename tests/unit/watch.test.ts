import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { capturePage } from '../../utils/capture/capture-page';
import type { CaptureKind } from '../../utils/capture/types';
import type { LibraryDatabase } from '../../utils/store/db';
import { saveCapture } from '../../utils/store/save-capture';
import { checkPage, type CheckDeps } from '../../utils/watch/check-page';
import { readFetchedPage } from '../../utils/watch/read-fetched-page';
import { runDueChecks } from '../../utils/watch/run-checks';
import { INTERVAL_MS, nextCheckAt, runPolitely, WATCH_LIMITS } from '../../utils/watch/schedule';
import { checksOf, dueAllNow, markNewsSeen, setWatchSetting, undueUnchecked, unseenNews, watchPage } from '../../utils/watch/watches';
import { deletePage, undoDelete } from '../../utils/store/manage';
import { recordCases } from '../helpers/case-count';
import { freshLibrary } from '../helpers/db';
import { readText, SEED, windowFor } from '../helpers/dom';
import { captureSeed } from '../helpers/seed';

const ARTICLE = 'https://www.themoscowtimes.com/2022/04/07/60-russian-paratroopers-refuse-to-fight-in-ukraine-reports';
const ORIGINAL = readText(`${SEED}article.html`);
const EDITED = readText(`${SEED}article-edited.html`);
const HOUR = 60 * 60 * 1000;

/** An answer as the browser's fetch gives it after following redirects: status, headers, where it ended. */
function answer(body: string, { status = 200, url = ARTICLE, headers = { 'content-type': 'text/html; charset=utf-8' } }: { status?: number; url?: string; headers?: Record<string, string> } = {}): Response {
  const response = new Response(status === 204 || status === 304 ? null : body, { status, headers });
  Object.defineProperty(response, 'url', { value: url });
  Object.defineProperty(response, 'redirected', { value: url !== ARTICLE });
  return response;
}

/** The newsroom and the censor: each request answered by the next scripted answer, or a failure. */
type Scripted = Response | 'network' | 'hang';

let requests: string[] = [];
let clock = 0;
const win = windowFor('<!doctype html><html><body></body></html>', 'https://reader.invalid/');

function depsFor(db: LibraryDatabase, script: Scripted[], allowed = true): CheckDeps {
  return {
    db,
    now: () => clock,
    fetch: (url, init) => {
      requests.push(url);
      const next = script.shift() ?? 'network';
      if (next === 'network') return Promise.reject(new TypeError('Failed to fetch'));
      if (next === 'hang') return new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
      return Promise.resolve(next);
    },
    mayRequest: async () => allowed,
    grantedOrigins: async () => (allowed ? ['https://www.themoscowtimes.com/*'] : []),
    readPage: async (html: string, url: string, kind: CaptureKind) => readFetchedPage(html, url, kind, win),
    random: () => 0.5,
    timeoutMs: 200,
  };
}

let db: LibraryDatabase;
const tried: string[] = [];
afterAll(() => recordCases(import.meta.url, [{ kind: 'documents', what: 'answers of a newsroom and a censor classified by a check', count: tried.length }]));

async function check(script: Scripted[], allowed = true) {
  clock += 25 * HOUR;
  const record = await checkPage(depsFor(db, script, allowed), ARTICLE);
  tried.push(record?.outcome ?? 'none');
  return record!;
}

beforeEach(async () => {
  db = freshLibrary();
  requests = [];
  clock = Date.UTC(2026, 11, 1);
  await saveCapture(db, captureSeed('article.html', 'https://www.themoscowtimes.com/2022/04/07/60-russian-paratroopers-refuse-to-fight-in-ukraine-reports'), clock);
  await watchPage(db, ARTICLE, 'daily', clock, () => 0.5);
});

describe('a check of a watched page', () => {
  it('finds the article unchanged while everything around it changes, and keeps no version', async () => {
    const noisy = ORIGINAL.replace('<body', '<body data-request="7"').replace('</body>', '<aside>Most read: something else entirely, at 12:07</aside><div class="ad">Buy now</div></body>');
    const record = await check([answer(noisy)]);
    expect(record).toMatchObject({ outcome: 'unchanged', reason: 'same', status: 200, url: ARTICLE });
    expect(requests).toEqual([ARTICLE]);
    expect(await db.snapshots.count()).toBe(1);
    expect(record.unseen).toBeUndefined();
  });

  it('keeps a quiet edit as a new version, found by a check, and counts it as news', async () => {
    const record = await check([answer(EDITED)]);
    expect(record).toMatchObject({ outcome: 'edited', unseen: 1 });
    expect(await db.snapshots.count()).toBe(2);
    const page = await db.pages.get(ARTICLE);
    expect(page).toMatchObject({ versionCount: 2, changed: true, latestSnapshotId: record.snapshotId });
    expect((await db.sightings.toArray()).at(-1)).toMatchObject({ kind: 'new-version', via: 'check', snapshotId: record.snapshotId });
    expect((await db.bodies.get(record.snapshotId!))!.text).toContain('Several paratroopers');
    // The next check compares with the version it kept: unchanged now.
    expect(await check([answer(EDITED)])).toMatchObject({ outcome: 'unchanged', snapshotId: record.snapshotId });
    expect(await unseenNews(db)).toBe(1);
    await markNewsSeen(db);
    expect(await unseenNews(db)).toBe(0);
  });

  it('keeps an edit and its check together or neither: a check stopped part-way reports the edit when run again', async () => {
    // The background stops while the check records itself, after the new version is written in
    // the same transaction (here: the schedule's random spread fails there).
    clock += 25 * HOUR;
    const stopped = { ...depsFor(db, [answer(EDITED)]), random: () => { throw new Error('service worker stopped'); } };
    await expect(checkPage(stopped, ARTICLE)).rejects.toThrow('service worker stopped');
    expect(await db.snapshots.count()).toBe(1);
    expect(await db.sightings.count()).toBe(1);
    expect(await db.checks.count()).toBe(0);
    expect((await db.pages.get(ARTICLE))!.versionCount).toBe(1);
    // Run again after the restart: the edit is found, kept and reported, once.
    const record = await check([answer(EDITED)]);
    expect(record).toMatchObject({ outcome: 'edited', unseen: 1 });
    expect(await db.snapshots.count()).toBe(2);
    expect(await unseenNews(db)).toBe(1);
  });

  it.each([404, 410])('reports %i as removed only once a second check agrees', async (status) => {
    const first = await check([answer('<h1>Gone</h1>', { status })]);
    expect(first).toMatchObject({ outcome: 'removed', reason: `http-${status}`, confirmed: false });
    expect(first.unseen).toBeUndefined();
    const watch = await db.watches.get(ARTICLE);
    // Checked again soon, not a day later.
    expect(watch).toMatchObject({ confirming: 'removed', nextCheckAt: clock + WATCH_LIMITS.confirmMs });
    const second = await check([answer('<h1>Gone</h1>', { status })]);
    expect(second).toMatchObject({ outcome: 'removed', confirmed: true, unseen: 1 });
    expect((await db.watches.get(ARTICLE))!.confirming).toBeUndefined();
  });

  it('reports a redirect to the home page, or a section, as removed', async () => {
    expect(await check([answer('<html><title>The Moscow Times</title><body>News</body></html>', { url: 'https://www.themoscowtimes.com/' })])).toMatchObject({ outcome: 'removed', reason: 'redirected-home', finalUrl: 'https://www.themoscowtimes.com/' });
    expect(await check([answer('<html><title>News</title><body>Latest</body></html>', { url: 'https://www.themoscowtimes.com/news/' })])).toMatchObject({ outcome: 'removed', reason: 'redirected-home', confirmed: true });
  });

  it('reports a page-not-found template answered with 200 as removed, in the site’s language', async () => {
    expect(await check([answer('<html><head><title>Страница не найдена — The Moscow Times</title></head><body><h1>Страница не найдена</h1><p>Попробуйте поиск.</p></body></html>')])).toMatchObject({ outcome: 'removed', reason: 'not-found-page' });
  });

  it('reports HTTP 451 as blocked', async () => {
    expect(await check([answer('Unavailable For Legal Reasons', { status: 451 })])).toMatchObject({ outcome: 'blocked', reason: 'http-451', status: 451, unseen: 1 });
  });

  it('reports a redirect to a known block page as blocked, naming the signature and its country', async () => {
    const record = await check([answer('<html><body>Site blocked</body></html>', { url: 'http://filter.isp.example/index2.php?ucat=61' })]);
    expect(record).toMatchObject({ outcome: 'blocked', reason: 'signature', signature: { name: 'cl.isp_ae_du_surfsafely_forward_1', countries: ['AE'] }, finalUrl: 'http://filter.isp.example/index2.php?ucat=61' });
  });

  it('reports a page whose body is a known block page as blocked', async () => {
    const body = '<html><head><meta charset="utf-8"></head><body><h1>Доступ к запрашиваемому ресурсу закрыт.</h1><p>Ресурс включён в реестр.</p></body></html>';
    expect(await check([answer(body)])).toMatchObject({ outcome: 'blocked', reason: 'signature', signature: { name: 'ooni.ru_4', countries: ['RU'] } });
  });

  it('does not take an article quoting a block page for the block page', async () => {
    // The article adds a paragraph quoting a national block page's words (ooni.ru_0): an edit, not a block.
    const quoting = ORIGINAL.replace('</article>', '<p>Readers in Russia now see a page that says: «Доступ к сайту ограничен в соответствии с Федеральными законами».</p></article>');
    expect(quoting).not.toBe(ORIGINAL);
    expect((await check([answer(quoting)])).outcome).toBe('edited');
  });

  it('says unreachable for a connection that fails or never answers, and possibly blocked only after three in a row while other sites answer', async () => {
    // Another watched site answers an hour before each check.
    const otherAnswers = () => db.checks.add({ pageUrl: 'https://other.example/a', url: 'https://other.example/a', at: clock + 24 * HOUR, outcome: 'unchanged', reason: 'same' });
    await otherAnswers();
    const first = await check(['network']);
    expect(first).toMatchObject({ outcome: 'unreachable', reason: 'network', streak: 1 });
    // Tried again sooner than a day, backing off: ten minutes, then twenty.
    expect((await db.watches.get(ARTICLE))!.nextCheckAt).toBe(clock + WATCH_LIMITS.retryMs);
    await otherAnswers();
    expect(await check(['hang'])).toMatchObject({ outcome: 'unreachable', reason: 'timeout', streak: 2 });
    expect((await db.watches.get(ARTICLE))!.nextCheckAt).toBe(clock + 2 * WATCH_LIMITS.retryMs);
    await otherAnswers();
    const third = await check(['network']);
    expect(third).toMatchObject({ outcome: 'unreachable', streak: 3, othersAnswered: true, unseen: 1 });
  });

  it('does not call a page unreachable three times in a row news when no other site answers either', async () => {
    await check(['network']);
    await check(['network']);
    const third = await check(['network']);
    expect(third).toMatchObject({ streak: 3, othersAnswered: false });
    expect(third.unseen).toBeUndefined();
  });

  it('reports a 503 as refused and never as removed when the next check finds the article', async () => {
    expect(await check([answer('Service Unavailable', { status: 503 })])).toMatchObject({ outcome: 'refused', reason: 'http-503' });
    expect(await check([answer(ORIGINAL)])).toMatchObject({ outcome: 'unchanged' });
    expect((await checksOf(db, ARTICLE)).map((c) => c.outcome)).toEqual(['refused', 'unchanged']);
    expect((await db.watches.get(ARTICLE))!.failures).toBe(0);
  });

  it('says a page built by scripts could not be read, never that it was removed', async () => {
    const scripted = '<!doctype html><html><head><title>60 Russian Paratroopers Refuse to Fight In Ukraine — Reports</title><script src="/app.js"></script></head><body><div id="root"></div></body></html>';
    expect(await check([answer(scripted)])).toMatchObject({ outcome: 'unreadable', reason: 'no-article' });
  });

  it('says the article moved when its canonical address changed', async () => {
    const moved = ORIGINAL.replaceAll('60-russian-paratroopers-refuse-to-fight-in-ukraine-reports', 'paratroopers-refuse');
    expect(await check([answer(moved, { url: 'https://www.themoscowtimes.com/2022/04/07/paratroopers-refuse' })])).toMatchObject({ outcome: 'moved', movedTo: 'https://www.themoscowtimes.com/2022/04/07/paratroopers-refuse', unseen: 1 });
  });

  it('asks nothing of a site the user has not allowed, and says so', async () => {
    expect(await check([answer(ORIGINAL)], false)).toMatchObject({ outcome: 'needs-permission', reason: 'no-permission' });
    expect(requests).toEqual([]);
  });

  it('reads a page in windows-1251 as its header says, and finds it unchanged', async () => {
    const db1251 = db;
    const cyrillic = '<!doctype html><html lang="ru"><head><title>Жители вышли на защиту больницы</title></head><body><article><h1>Жители вышли на защиту больницы</h1>' + '<p>Жители района вышли на улицы, чтобы защитить районную больницу от закрытия, о котором объявили власти на прошлой неделе.</p>'.repeat(8) + '</article></body></html>';
    const url = 'https://gazeta.example/ru/hospital';
    const capture = (() => {
      const page = windowFor(cyrillic, url);
      return captureSeedLike(page);
    })();
    await saveCapture(db1251, capture, clock);
    await watchPage(db1251, url, 'daily', clock);
    const bytes = encodeWindows1251(cyrillic);
    clock += 25 * HOUR;
    const record = await checkPage({ ...depsFor(db1251, [answerBytes(bytes, url)]), grantedOrigins: async () => ['https://gazeta.example/*'] }, url);
    expect(record).toMatchObject({ outcome: 'unchanged' });
  });
});

describe('a watched page deleted', () => {
  it('takes its watch and checks with it, and Undo puts them back', async () => {
    await check([answer(EDITED)]);
    const removed = await deletePage(db, ARTICLE);
    expect(await db.watches.count()).toBe(0);
    expect(await db.checks.count()).toBe(0);
    await undoDelete(db, removed);
    expect(await db.watches.get(ARTICLE)).toMatchObject({ lastOutcome: 'edited' });
    expect((await checksOf(db, ARTICLE)).map((c) => c.outcome)).toEqual(['edited']);
  });
});

describe('the schedule', () => {
  it('checks at the page’s interval, spread by up to a tenth either way', () => {
    expect(nextCheckAt({ interval: 'daily' }, { outcome: 'unchanged', confirming: false, failures: 0 }, 0, () => 0.5)).toBe(INTERVAL_MS.daily);
    expect(nextCheckAt({ interval: 'daily' }, { outcome: 'unchanged', confirming: false, failures: 0 }, 0, () => 0)).toBe(Math.round(INTERVAL_MS.daily * 0.9));
    expect(nextCheckAt({ interval: 'hourly' }, { outcome: 'unchanged', confirming: false, failures: 0 }, 0, () => 1)).toBe(Math.round(INTERVAL_MS.hourly * 1.1));
    // Backing off after failures, never beyond the interval.
    expect(nextCheckAt({ interval: 'hourly' }, { outcome: 'refused', confirming: false, failures: 9 }, 0, () => 0.5)).toBe(INTERVAL_MS.hourly);
  });

  it('runs a few checks at once, and never asks one host twice within its spacing', async () => {
    let now = 0;
    let running = 0;
    let most = 0;
    const asked: Array<{ host: string; at: number }> = [];
    const work = ['a', 'a', 'a', 'b', 'c', 'd', 'e'].map((host, i) => ({ host, i }));
    const ran = await runPolitely(
      work,
      async ({ host }) => {
        asked.push({ host, at: now });
        running += 1;
        most = Math.max(most, running);
        await Promise.resolve();
        now += 100;
        running -= 1;
      },
      { now: () => now, sleep: async (ms) => void (now += ms) },
    );
    expect(ran).toBe(7);
    expect(most).toBeLessThanOrEqual(WATCH_LIMITS.concurrency);
    const onA = asked.filter((a) => a.host === 'a').map((a) => a.at);
    for (let i = 1; i < onA.length; i++) expect(onA[i]! - onA[i - 1]!).toBeGreaterThanOrEqual(WATCH_LIMITS.hostSpacingMs);
  });

  it('checks what is due, records each as it finishes, and repeats nothing when run again', async () => {
    await saveCapture(db, { ...captureSeed('article.html'), canonicalUrl: 'https://second.example/story' }, clock);
    await watchPage(db, 'https://second.example/story', 'weekly', clock);
    clock += 2 * INTERVAL_MS.daily;
    const script = [answer(ORIGINAL), answer(ORIGINAL)];
    expect(await runDueChecks(depsFor(db, script))).toBe(1);
    expect(await runDueChecks(depsFor(db, script))).toBe(0);
    // "Check all": every page due now, the weekly one too; then cancelled before any ran.
    clock += 1;
    expect(await dueAllNow(db, clock)).toBe(2);
    expect(await runDueChecks(depsFor(db, [answer(ORIGINAL), answer(ORIGINAL)]), { stopped: () => true })).toBe(0);
    expect(await undueUnchecked(db, clock, clock, () => 0)).toBe(2);
    expect(await runDueChecks(depsFor(db, []))).toBe(0);
  });

  it('checks nothing while watching is paused', async () => {
    clock += 2 * INTERVAL_MS.daily;
    await setWatchSetting(db, 'paused', true);
    expect(await runDueChecks(depsFor(db, [answer(ORIGINAL)]))).toBe(0);
    expect(requests).toEqual([]);
  });
});

function captureSeedLike(page: Window) {
  const outcome = capturePage(page.document, page);
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.capture;
}

/** The page as a Russian site serves it: windows-1251 bytes, said only by the Content-Type header. */
function encodeWindows1251(text: string): Uint8Array {
  const table = new Map<string, number>();
  const decoder = new TextDecoder('windows-1251');
  for (let b = 0; b < 256; b++) table.set(decoder.decode(new Uint8Array([b])), b);
  return Uint8Array.from(Array.from(text, (ch) => table.get(ch) ?? 0x3f));
}

function answerBytes(bytes: Uint8Array, url: string): Response {
  const response = new Response(bytes as Uint8Array<ArrayBuffer>, { status: 200, headers: { 'content-type': 'text/html; charset=windows-1251' } });
  Object.defineProperty(response, 'url', { value: url });
  return response;
}
