/// <reference types="chrome" />
// Callbacks passed to evaluate() run inside the browser, where the extension APIs exist.
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '../../scripts/serve.mjs';
import { recordCases } from '../helpers/case-count';
import { inspectPage, ranInPage } from './helpers/audit';
import { CHROME_TEST_BUILD, launchChromium, type ChromiumSession } from './helpers/chromium';
import { saveTab, tabIdOf } from './helpers/scripted-save';
import { dumpLibrary } from './helpers/library-dump';
import { warcFile } from '../helpers/warc';
import { dompurifyCases, hostileArticle, INSTRUMENT, ownCases, type HostileCase } from './helpers/hostile-pages';

const work = mkdtempSync(join(tmpdir(), 'samizdat-hostile-'));

interface Saved {
  c: HostileCase;
  index: number;
  snapshotId: string;
}

/**
 * Issue 6, hostile content: every DOMPurify attack string and our own cases, each inside an
 * ordinary article served on 127.0.0.1, saved through the real extension in Chromium, then shown
 * in the reader, the library (list and search passages), the exported website and the single-file
 * export. In every one of those documents: no dialog, no script (the instrumentation in every
 * document would see it, even one the CSP stopped), nothing the CSP had to block, no element or
 * attribute that could run or load, and no request leaving the browser while they are shown.
 */
describe('hostile pages in real Chromium', () => {
  let site: Awaited<ReturnType<typeof serve>>;
  let browser: ChromiumSession;
  let control: Page;
  const cases: HostileCase[] = [];
  const saved: Saved[] = [];
  const refused: Array<{ c: HostileCase; message: string }> = [];
  /** Requests from the browser once saving is over: there must be none. */
  const requests: string[] = [];
  let serverRequestsAfterSaving = 0;
  const dialogs: string[] = [];
  const shown = { reader: 0, library: 0, archivePages: 0, singleFiles: 0, imported: 0 };

  beforeAll(async () => {
    site = await serve({});
    const beacon = (name: string) => `${site.url}/beacon/${name}`;
    const live = `${site.url}/live.html`;
    site.route('/live.html', { body: '<!doctype html><title>Live site</title><p>The live site.</p>', type: 'text/html; charset=utf-8' });
    cases.push(...dompurifyCases(), ...ownCases(beacon, live));
    cases.forEach((c, index) => site.route(`/hostile/${index}.html`, { body: hostileArticle(c, index), type: 'text/html; charset=utf-8' }));

    browser = await launchChromium({ build: CHROME_TEST_BUILD });
    await browser.context.addInitScript(INSTRUMENT);
    browser.context.on('dialog', (dialog) => {
      dialogs.push(`${dialog.page()?.url()}: ${dialog.message()}`);
      void dialog.dismiss().catch(() => {});
    });
    control = await browser.context.newPage();
    await control.goto(browser.extensionUrl('options.html'));
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  /** Work through items in two tabs at once: two cores, and each tab mostly waits on the other. */
  async function inTabs<T>(items: T[], work: (page: Page, item: T) => Promise<void>): Promise<void> {
    let next = 0;
    await Promise.all(
      [0, 1].map(async () => {
        const page = await browser.context.newPage();
        while (next < items.length) await work(page, items[next++]!);
        await page.close();
      }),
    );
  }

  it('saves every hostile article, or says clearly why not', async () => {
    const tab = await browser.context.newPage();
    await tab.goto(`${site.url}/live.html`);
    const tabId = await tabIdOf(control, `${site.url}/live.html`);
    for (const [index, c] of cases.entries()) {
      const url = `${site.url}/hostile/${index}.html`;
      await tab.goto(url);
      const started = Date.now();
      const result = await saveTab(control, tabId);
      if (process.env.SAMIZDAT_TRACE) console.log(`${c.id}: ${Date.now() - started} ms, ${result?.ok ? 'saved' : result?.message}`);
      if (result?.ok) saved.push({ c, index, snapshotId: result.outcome.snapshotId });
      else refused.push({ c, message: result?.message ?? `no answer: ${JSON.stringify(result)}` });
    }
    // Stop the live pages' own timers (a delayed refresh) before anything is shown.
    await tab.close();
    // What a page refused must be said in one of the extension's sentences, never an exception.
    expect(refused.filter(({ message }) => !/^(No article was found|This page could not be read)/.test(message))).toEqual([]);
    // Every case is an article with its payload inside: each must be saved. A payload that made
    // capture fail would be a way to stop a page from being kept.
    expect(refused).toEqual([]);

    serverRequestsAfterSaving = site.requests.length;
  }, 600_000);

  it('has instrumentation that sees a script run and a load blocked in an extension page', async () => {
    const page = await browser.context.newPage();
    await page.goto(browser.extensionUrl(`reader.html?snapshot=${saved[0]!.snapshotId}`));
    await page.waitForSelector('.article-body p');
    await page.evaluate((beacon) => {
      alert('control');
      const img = document.createElement('img');
      img.src = beacon;
      document.body.append(img);
    }, `${site.url}/beacon/control`);
    await expect.poll(() => page.evaluate(ranInPage)).toEqual(['alert: control', `blocked by CSP: img-src ${site.url}/beacon/control`]);
    await page.close();
  });

  it('shows each saved copy in the reader with nothing running or loading, and exports it as one HTML file', async () => {
    // From here on, until a link is clicked, the browser must ask the network for nothing.
    browser.context.on('request', (request) => {
      if (/^https?:/i.test(request.url())) requests.push(request.url());
    });
    const single = join(work, 'single');
    mkdirSync(single, { recursive: true });
    const problems: string[] = [];
    await inTabs(saved, async (reader, { c, index, snapshotId }) => {
      await reader.goto(browser.extensionUrl(`reader.html?snapshot=${snapshotId}`));
      await reader.waitForSelector('.article-body p');
      const { audit, ran } = await reader.evaluate(inspectPage, '.article-body');
      if (ran === null) problems.push(`${c.id}: the instrumentation did not run in the reader`);
      else if (ran.length) problems.push(`${c.id} in the reader: ${ran.join('; ')}`);
      if (audit.length) problems.push(`${c.id} in the reader: ${audit.join('; ')}`);

      const download = reader.waitForEvent('download');
      await reader.click('.export-html');
      await (await download).saveAs(join(single, `${index}.html`));
      shown.reader += 1;
    });
    expect(problems).toEqual([]);
  }, 600_000);

  it('lists them in the library and shows their passages in search results', async () => {
    const library = await browser.context.newPage();
    await library.goto(browser.extensionUrl('library.html'));
    await library.waitForFunction((count) => document.querySelectorAll('.saved-item').length === count, Math.min(100, saved.length));
    expect(await library.evaluate(ranInPage)).toEqual([]);
    await library.fill('.search-query', 'harbour');
    await library.waitForSelector('.search-results');
    // More than a hundred pages match: the newest come first, and their count follows.
    const counted = `${saved.length} pages match`;
    await library.waitForFunction((text) => document.querySelector('.meta[data-query="harbour"]')?.textContent === text, counted, { timeout: 20_000 }).catch(() => {});
    expect(await library.textContent('.meta[data-query="harbour"]')).toBe(counted);
    expect(await library.evaluate(ranInPage)).toEqual([]);
    // Titles and passages are text: nothing inside a passage but the marks of the words found.
    expect(await library.$$eval('.search-results .passage *', (elements) => elements.map((e) => e.localName).filter((name) => name !== 'mark'))).toEqual([]);
    shown.library = saved.length;
    await library.close();
  }, 120_000);

  it('exports them as a website that opens from file:// with nothing running or loading', async () => {
    const library = await browser.context.newPage();
    await library.goto(browser.extensionUrl('library.html'));
    await library.waitForSelector('.library .meta');
    await library.click('.open-export');
    await library.check('input[name="export-format"][value="archive"]');
    const download = library.waitForEvent('download');
    await library.click('.export-button');
    const archive = join(work, 'hostile.zip');
    await (await download).saveAs(archive);
    await library.close();

    const folder = join(work, 'site');
    for (const [name, bytes] of Object.entries(unzipSync(readFileSync(archive)))) {
      mkdirSync(dirname(join(folder, name)), { recursive: true });
      writeFileSync(join(folder, name), bytes);
    }
    const problems: string[] = [];
    const open = async (page: Page, file: string, selector: string) => {
      await page.goto(pathToFileURL(file).href);
      const { audit, ran } = await page.evaluate(inspectPage, selector);
      if (ran === null) problems.push(`${file}: the instrumentation did not run`);
      else if (ran.length) problems.push(`${file}: ${ran.join('; ')}`);
      if (audit.length) problems.push(`${file}: ${audit.join('; ')}`);
    };
    await inTabs([join(folder, 'index.html')], (page, file) => open(page, file, 'body'));
    const articles = readdirSync(join(folder, 'articles')).filter((name) => name.endsWith('.html'));
    expect(articles).toHaveLength(saved.length);
    await inTabs(articles, async (page, name) => {
      await open(page, join(folder, 'articles', name), 'article');
      shown.archivePages += 1;
    });
    await inTabs(saved, async (page, { index }) => {
      await open(page, join(work, 'single', `${index}.html`), 'article');
      shown.singleFiles += 1;
    });
    expect(problems).toEqual([]);
  }, 600_000);

  it('opens a link of a saved copy only when clicked: in a new tab, with no handle on the reader', async () => {
    const linked = saved.find(({ c }) => c.id === 'own-blank-without-noopener');
    expect(linked).toBeDefined();
    const reader = await browser.context.newPage();
    await reader.goto(browser.extensionUrl(`reader.html?snapshot=${linked!.snapshotId}`));
    const link = reader.locator('.article-body a', { hasText: 'the live site, in a new tab' });
    expect(await link.getAttribute('title')).toBe(`Opens 127.0.0.1:${site.port} on the live web, in a new tab`);
    // Nothing so far has asked the live site for anything.
    expect(requests).toEqual([]);
    const opened = browser.context.waitForEvent('page');
    await link.click();
    const live = await opened;
    await live.waitForLoadState();
    expect(live.url()).toBe(`${site.url}/live.html`);
    expect(await live.evaluate(() => window.opener)).toBeNull();
    expect(await live.evaluate(() => document.referrer)).toBe('');
    expect(requests).toEqual([`${site.url}/live.html`]);
    await live.close();
    await reader.close();
  });

  it('imports the same articles from a WARC another tool wrote, and shows each imported copy with nothing running or loading', async () => {
    // Written by warcio.js, at another site's addresses: read by the capture in the library page.
    const warcPath = join(work, 'hostile.warc.gz');
    writeFileSync(warcPath, await warcFile(cases.map((c, index) => ({ url: `http://hostile.example/imported/${index}.html`, date: '2022-05-01T00:00:00Z', headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: hostileArticle(c, index) }))));
    const before = requests.length;
    const library = await browser.context.newPage();
    await library.goto(browser.extensionUrl('library.html'));
    await library.waitForSelector('.library .meta');
    await library.click('.open-import');
    await library.setInputFiles('.import-file', warcPath);
    await library.waitForSelector('.import-result, .import-problems', { timeout: 300_000 });
    expect(await library.textContent('.import-result')).toMatch(new RegExp(`^Imported from a web archive made by another tool: ${cases.length} new pages; ${cases.length} copies added`));
    // Parsing every page in the library page ran nothing there and loaded nothing. Chromium holds
    // a parsed document to its page's CSP and reports the inline markup it refused in it (its
    // <base>, event-handler and style attributes, <style> elements): refusals of markup that could
    // not run in a document with no browsing context anyway. Anything else (a script that ran, a
    // dialog, a load the CSP had to stop) fails.
    const ran = (await library.evaluate(ranInPage)) as string[];
    expect(ran.filter((entry) => !/^blocked by CSP: (?:base-uri|script-src-attr inline|style-src-attr inline|style-src-elem inline)/.test(entry))).toEqual([]);
    await library.close();
    const dump = await dumpLibrary(browser.worker);
    const snapshots = dump.snapshots as { id: string; loadedUrl: string; importedFrom?: unknown }[];
    const imported = snapshots.filter((snapshot) => snapshot.importedFrom);
    expect(imported).toHaveLength(cases.length);
    // An imported copy whose article is, address for address, the saved copy of the same page was
    // already shown in the reader above (same reader, same HTML): show every other one. The share
    // shown is counted, so a change that made them all differ would only make this test longer.
    const html = new Map((dump.bodies as { snapshotId: string; html: string }[]).map((body) => [body.snapshotId, body.html]));
    const savedHtml = new Map(saved.map(({ index, snapshotId }) => [index, html.get(snapshotId)!.replaceAll(`${site.url}/hostile/`, 'http://hostile.example/imported/').replaceAll(`${site.url}/`, 'http://hostile.example/')]));
    const differing = imported.filter((snapshot) => {
      const index = Number(/\/imported\/(\d+)\.html$/.exec(snapshot.loadedUrl)?.[1]);
      return savedHtml.get(index) !== html.get(snapshot.id);
    });
    if (process.env.SAMIZDAT_TRACE) console.log(`${differing.length} of ${imported.length} imported copies differ from their saved copy`);
    const problems: string[] = [];
    await inTabs(differing.map((snapshot) => snapshot.id), async (reader, snapshotId) => {
      await reader.goto(browser.extensionUrl(`reader.html?snapshot=${snapshotId}`));
      await reader.waitForSelector('.article-body p');
      const { audit, ran } = await reader.evaluate(inspectPage, '.article-body');
      if (ran === null) problems.push(`${snapshotId}: the instrumentation did not run in the reader`);
      else if (ran.length) problems.push(`imported ${snapshotId} in the reader: ${ran.join('; ')}`);
      if (audit.length) problems.push(`imported ${snapshotId} in the reader: ${audit.join('; ')}`);
      shown.imported += 1;
    });
    expect(problems).toEqual([]);
    expect(requests.slice(before)).toEqual([]);
  }, 600_000);

  it('made no request and opened no dialog while the copies were shown', () => {
    expect(dialogs.filter((d) => !d.startsWith(`${site.url}/hostile/`))).toEqual([]);
    expect(site.requests.slice(serverRequestsAfterSaving)).toEqual(['/live.html']);
    recordCases(import.meta.url, [
      { kind: 'payloads', what: 'DOMPurify attack strings, saved through the extension', count: cases.filter((c) => c.id.startsWith('dompurify-')).length },
      { kind: 'payloads', what: 'own hostile cases (CSS loads, refresh, base, forms, frames, SVG, links)', count: cases.filter((c) => c.id.startsWith('own-')).length },
      { kind: 'showings', what: 'hostile copies shown in the reader', count: shown.reader },
      { kind: 'showings', what: 'hostile copies in the library list and search', count: shown.library },
      { kind: 'showings', what: 'hostile copies opened from the exported website', count: shown.archivePages },
      { kind: 'showings', what: 'hostile copies opened as single HTML files', count: shown.singleFiles },
      { kind: 'showings', what: 'hostile copies imported from a WARC whose article differs from the saved one, shown in the reader', count: shown.imported },
    ]);
  });
});
