/// <reference types="chrome" />
// Callbacks passed to evaluate() run inside the browser, where the extension APIs exist.
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/commands';
import type { Page } from 'puppeteer-core';
import { launchFirefox, type FirefoxSession } from './helpers/firefox';
import { popupState, pressSave } from './helpers/popup';
import { PATHS, startSite, type Site } from './helpers/site';
import { brokenRecords, copiesAwaitingImages, dumpLibrary, queuedRows } from './helpers/library-dump';
import { recordCases } from '../helpers/case-count';
import { waitUntil } from './helpers/wait';
import { warcFile } from '../helpers/warc';
import { blocksOf, catFrom, startIpfsNode } from '../helpers/ipfs-node';
import { CID } from 'multiformats/cid';
import { ageDecrypt } from '../helpers/age';

const downloads = mkdtempSync(join(tmpdir(), 'samizdat-firefox-downloads-'));

/** The file Firefox finished downloading (its .part gone, its size settled). */
async function downloaded(name: RegExp): Promise<string> {
  const deadline = Date.now() + 30_000;
  let last = -1;
  while (Date.now() < deadline) {
    const file = readdirSync(downloads).find((f) => name.test(f));
    if (file && !existsSync(join(downloads, `${file}.part`))) {
      const size = statSync(join(downloads, file)).size;
      if (size > 0 && size === last) return join(downloads, file);
      last = size;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Firefox did not download ${name}`);
}

const TITLE = '60 Russian Paratroopers Refuse to Fight In Ukraine — Reports';
const PHOTO_REPORT = fileURLToPath(new URL('../fixtures/pages/photo-report.html', import.meta.url));
const PHOTO = fileURLToPath(new URL('../fixtures/pages/photo.png', import.meta.url));
let faults = 0;
const CANONICAL = 'https://www.themoscowtimes.com/2022/04/07/60-russian-paratroopers-refuse-to-fight-in-ukraine-reports';

describe('Samizdat in real Firefox', () => {
  let site: Site;
  let firefox: FirefoxSession;
  let article: Page;
  let popup: Page;

  beforeAll(async () => {
    site = await startSite();
    firefox = await launchFirefox({ downloadDir: downloads });
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
    await waitUntil(popup, (title) => document.querySelector('.saved-list')?.textContent?.includes(title), [TITLE]);
    // The popup's first answer, from the page's address alone, finds the copy just saved.
    const known = await popup.evaluate(
      (id) => (globalThis as unknown as { browser: typeof chrome }).browser.runtime.sendMessage({ samizdat: 'lookUpTab', request: { tabId: id } }),
      tabId!,
    );
    expect(known).toMatchObject({ kind: 'saved', page: { url: CANONICAL, versionCount: 1 } });
    // Its search row went in queued; Firefox's background page indexes it right after the save.
    await expect.poll(() => queuedRows(popup), { timeout: 10_000 }).toBe(0);
  });

  it('opens the saved copy, and reading it fetches nothing', async () => {
    const before = site.requests.length;
    expect(await popup.$eval('.save-result', (el) => el.textContent)).toContain('Open saved copy');
    await popup.click('.save-result .open-saved-copy');
    const reader = await firefox.findExtensionPage('/reader.html?snapshot=');
    await reader.waitForSelector('.reader h1', { timeout: 15_000 });
    expect(await reader.$eval('.reader h1', (el) => el.textContent)).toBe(TITLE);
    expect(await reader.$eval('.byline', (el) => el.textContent)).toBe('The Moscow Times');
    await waitUntil(reader, () => (document.querySelector('.article-body figure img') as HTMLImageElement | null)?.complete, []);
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

  it('exports the library as an archive that verifies, and imports: the same one skipped, a tampered one refused, an encrypted one opened with its passphrase; one copy encrypted from the reader', async () => {
    const library = await firefox.browser.newPage();
    await firefox.openExtensionPage(library, '/library.html');
    await library.waitForSelector('.saved-item');
    await library.click('.open-export');
    // The export panel's code is fetched when it opens (components/LoadLater.tsx), and puppeteer's
    // click does not wait for an element to appear.
    await (await library.waitForSelector('.export-button'))!.click();
    await library.waitForSelector('.export-panel .download-ready', { timeout: 30_000 });
    const archive = await downloaded(/^samizdat-\d{4}-\d{2}-\d{2}\.zip$/);
    const folder = mkdtempSync(join(tmpdir(), 'samizdat-firefox-archive-'));
    let out = '';
    expect(await main(['verify', archive, '--quiet'], { out: (t) => (out += t), err: () => {} })).toBe(0);
    expect(out).toContain('1 copy signed at capture');

    await library.click('.open-import');
    const input = await library.waitForSelector('input.import-file');
    await input!.uploadFile(archive);
    await library.waitForSelector('.import-result', { timeout: 30_000 });
    expect(await library.$eval('.import-result', (el) => el.textContent)).toBe('Imported: 1 copy already in your library, left as they were. Every file and signature was checked first.');

    const files = unzipSync(readFileSync(archive));
    const page = Object.keys(files).find((name) => name.startsWith('articles/'))!;
    files[page] = new TextEncoder().encode(new TextDecoder().decode(files[page]).replace('Approximately 60', 'Approximately 6'));
    const tampered = join(folder, 'tampered.zip');
    writeFileSync(tampered, zipSync(files));
    await (await library.waitForSelector('input.import-file'))!.uploadFile(tampered);
    await library.waitForSelector('.import-problems', { timeout: 30_000 });
    expect(await library.$eval('.import-problems', (el) => el.textContent)).toContain(`altered: ${page}`);

    // Encrypted with a suggested passphrase: the age tool and samizdat verify open it, and so does Import….
    await library.click('.open-export');
    await (await library.waitForSelector('.encrypt-choice'))!.click();
    await (await library.waitForSelector('.suggest-passphrase'))!.click();
    const passphrase = await library.$eval('.passphrase', (el) => (el as HTMLInputElement).value);
    expect(passphrase).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){4}$/);
    await library.click('.export-button');
    await library.waitForSelector('.export-panel .download-encrypted', { timeout: 30_000 });
    const sealed = await downloaded(/^samizdat-\d{4}-\d{2}-\d{2}\.zip\.age$/);
    ageDecrypt(sealed, passphrase, join(folder, 'opened.zip'));
    expect(await main(['verify', join(folder, 'opened.zip'), '--quiet'], { out: () => {}, err: () => {} })).toBe(0);
    writeFileSync(join(folder, 'passphrase.txt'), passphrase);
    out = '';
    expect(await main(['verify', sealed, '--passphrase-file', join(folder, 'passphrase.txt'), '--quiet'], { out: (t) => (out += t), err: () => {} })).toBe(0);
    expect(out).toContain('1 copy signed at capture');
    await library.click('.open-import');
    await (await library.waitForSelector('input.import-file'))!.uploadFile(sealed);
    await (await library.waitForSelector('.import-passphrase'))!.type(passphrase);
    await library.click('.open-encrypted');
    await library.waitForSelector('.import-result', { timeout: 30_000 });
    expect(await library.$eval('.import-result', (el) => el.textContent)).toBe('Imported: 1 copy already in your library, left as they were. Every file and signature was checked first.');

    // One copy from the reader, as a single HTML file encrypted with a passphrase typed twice.
    const reader = await firefox.findExtensionPage('/reader.html?snapshot=');
    await reader.click('.copy-exports .encrypt-choice');
    await (await reader.waitForSelector('.copy-exports .passphrase'))!.type('Бумага всё стерпит, 1984');
    await reader.type('.copy-exports .passphrase-again', 'Бумага всё стерпит, 1984');
    await reader.click('.export-html');
    await reader.waitForSelector('.copy-exports .download-encrypted', { timeout: 30_000 });
    const copy = await downloaded(/\.html\.age$/);
    ageDecrypt(copy, 'Бумага всё стерпит, 1984', join(folder, 'copy.html'));
    expect(readFileSync(join(folder, 'copy.html'), 'utf8')).toContain('Approximately 60 paratroopers');
  });

  it('exports a web archive (WACZ) whose records, index and signatures verify', async () => {
    const library = await firefox.browser.newPage();
    await firefox.openExtensionPage(library, '/library.html');
    await library.waitForSelector('.saved-item');
    await library.click('.open-export');
    await (await library.waitForSelector('input[name="export-format"][value="wacz"]'))!.click();
    await library.click('.export-button');
    await library.waitForSelector('.export-panel .download-ready', { timeout: 30_000 });
    const wacz = await downloaded(/^samizdat-\d{4}-\d{2}-\d{2}\.wacz$/);
    let out = '';
    expect(await main(['verify', wacz], { out: (t) => (out += t), err: () => {} })).toBe(0);
    expect(out).toMatch(/WACZ signature \(ECDSA P-384, datapackage-digest.json\): valid/);
    expect(out).toMatch(/ok {7}archive\/samizdat-00001\.warc\.gz/);
    expect(out).toContain('1 copy signed at capture');

    await library.close();
  });

  it('exports for IPFS (.car): its CID shown, verified by samizdat verify, published to the user’s IPFS node, and imported back', async () => {
    const node = await startIpfsNode();
    try {
      const settings = await firefox.browser.newPage();
      await firefox.openExtensionPage(settings, '/options.html');
      const field = await settings.waitForSelector('.ipfs-node');
      await field!.evaluate((el, url) => {
        (el as HTMLInputElement).value = url;
        el.dispatchEvent(new Event('input', { bubbles: true }));
      }, node.url);
      await settings.click('form button[type="submit"]');
      await settings.waitForFunction(() => document.body.textContent?.includes('Saved.'));
      await settings.close();

      const library = await firefox.browser.newPage();
      await firefox.openExtensionPage(library, '/library.html');
      await library.waitForSelector('.saved-item');
      await library.click('.open-export');
      await (await library.waitForSelector('input[name="export-format"][value="car"]'))!.click();
      await library.click('.export-button');
      await library.waitForSelector('.export-panel .download-ready', { timeout: 30_000 });
      const car = await downloaded(/^samizdat-\d{4}-\d{2}-\d{2}\.car$/);
      const root = await library.$eval('.ipfs-root', (el) => el.textContent!);
      expect(CID.parse(root).toString()).toBe(root);
      let out = '';
      expect(await main(['verify', car, '--quiet'], { out: (t) => (out += t), err: () => {} })).toBe(0);
      expect(out).toContain(`root CID ${root}`);
      expect(out).toContain('1 copy signed at capture');

      expect(node.requests).toEqual([]);
      await library.click('.publish-to-node');
      await library.waitForSelector('.ipfs-export .published', { timeout: 30_000 });
      expect(node.pinned).toEqual([root]);
      expect(node.requests.map((r) => r.origin)).toEqual([firefox.extensionUrl('').replace(/\/$/, '')]);
      for (const cid of await blocksOf(new Uint8Array(readFileSync(car)))) expect(await node.blockstore.has(CID.parse(cid) as never)).toBe(true);
      expect((await catFrom(node.blockstore, root, 'index.html')).toString('utf8')).toContain('<h1>Saved articles</h1>');

      await library.click('.open-import');
      await (await library.waitForSelector('input.import-file'))!.uploadFile(car);
      await library.waitForSelector('.import-result', { timeout: 30_000 });
      expect(await library.$eval('.import-result', (el) => el.textContent)).toBe('Imported: 1 copy already in your library, left as they were. Every file and signature was checked first.');
      await library.close();
    } finally {
      await node.close();
    }
  });

  it('keeps the text when the background stops while the article’s image downloads, and completes the image when it starts again', async () => {
    // The photo report, its photo held back five seconds by the site: time to stop the background.
    site.route('/slow/photo-report.html', { body: readFileSync(PHOTO_REPORT, 'utf8').replaceAll('/photo.png', '/slow/photo.png'), type: 'text/html; charset=utf-8' });
    site.route('/slow/photo.png', { file: PHOTO, delayMs: 5_000 });
    const photoRequests = () => site.requests.filter((p) => p === '/slow/photo.png').length;
    const tab = await firefox.browser.newPage();
    await tab.goto(`${site.url}/slow/photo-report.html`);
    const control = await firefox.browser.newPage();
    await firefox.openExtensionPage(control, '/popup.html');
    const tabId = await control.evaluate(async (url) => {
      const tabs = await (globalThis as unknown as { browser: typeof chrome }).browser.tabs.query({ url: 'http://127.0.0.1/*' });
      return tabs.find((t) => t.url === url)?.id;
    }, `${site.url}/slow/photo-report.html`);
    await firefox.openExtensionPage(control, `/popup.html?tab=${tabId}`);
    const started = Date.now();
    expect(await pressSave(control, { textOnly: true })).toMatch(/^Saved “Riverside Residents Document Flooding in Photos”\. Kept \d+ words and 0 of 1 image so far \(downloading the rest\)\. Open saved copy$/);
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect.poll(photoRequests, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const downloads = photoRequests();

    // Stop the background mid-download: reloading the extension ends its background page (and its
    // pages) as a browser stopping it would, and starts it again.
    void control.evaluate(() => (globalThis as unknown as { browser: typeof chrome }).browser.runtime.reload()).catch(() => {});
    faults += 1;
    const library = await firefox.browser.newPage();
    await expect.poll(async () => {
      await firefox.openExtensionPage(library, '/library.html');
      return library.evaluate(() => document.querySelector('.saved-item') !== null).catch(() => false);
    }, { timeout: 30_000 }).toBe(true);
    // The download starts again, and the copy gets its photo.
    await expect.poll(photoRequests, { timeout: 15_000 }).toBeGreaterThan(downloads);
    await expect.poll(() => copiesAwaitingImages(library), { timeout: 30_000 }).toBe(0);
    const dump = await dumpLibrary(library);
    expect(brokenRecords(dump)).toEqual([]);
    const copy = dump.snapshots.find((s: { title: string }) => s.title === 'Riverside Residents Document Flooding in Photos');
    expect(copy.images).toEqual([{ url: `${site.url}/slow/photo.png`, hash: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    // The other copy saved earlier in this file is still there.
    expect(dump.pages).toHaveLength(2);
    recordCases(import.meta.url, [{ kind: 'faults', what: 'background stopped while an image downloaded (Firefox)', count: faults }]);
    await tab.close();
  }, 90_000);

  it('imports a WARC another tool wrote, its page read by the capture in the library page, offline', async () => {
    const library = await firefox.browser.newPage();
    await firefox.openExtensionPage(library, '/library.html');
    await library.waitForSelector('.saved-item');
    const crawl = join(downloads, 'crawl.warc.gz');
    writeFileSync(crawl, await warcFile([
      { url: 'http://gazette.example/news/flood.html', date: '2021-07-15T08:30:00Z', headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: new Uint8Array(readFileSync(fileURLToPath(new URL('../fixtures/pages/photo-report.html', import.meta.url)))) },
      { url: 'http://gazette.example/photo.png', date: '2021-07-15T08:30:01Z', headers: { 'Content-Type': 'image/png' }, body: new Uint8Array(readFileSync(fileURLToPath(new URL('../fixtures/pages/photo.png', import.meta.url)))) },
      // A video over the 64 MB a record may hold: passed over unread, and said.
      { url: 'http://gazette.example/flood.mp4', date: '2021-07-15T08:30:02Z', headers: { 'Content-Type': 'video/mp4' }, body: new Uint8Array(65 * 1024 * 1024) },
    ]));
    await library.click('.open-import');
    await (await library.waitForSelector('input.import-file'))!.uploadFile(crawl);
    await library.waitForSelector('.import-result', { timeout: 30_000 });
    // Its photo is the one the photo report saved above keeps already (the same bytes): stored once.
    expect(await library.$eval('.import-result', (el) => el.textContent)).toBe('Imported from a web archive made by another tool: 1 new page; 1 copy added; 1 record over 64 MB (a video or the like) was passed over unread. Its records were checked first. These copies are not signed by a Samizdat library: each shows the file and record it came from.');
    const imported = (await dumpLibrary(library)).snapshots.find((snapshot: { loadedUrl: string }) => snapshot.loadedUrl === 'http://gazette.example/news/flood.html') as { images: unknown[]; capturedAt: number; importedFrom: { file: string } };
    expect(imported.capturedAt).toBe(Date.parse('2021-07-15T08:30:00Z'));
    expect(imported.importedFrom.file).toBe('crawl.warc.gz');
    expect(imported.images).toEqual([{ url: 'http://gazette.example/photo.png', hash: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    await library.close();
  });

  it('puts back the paragraph Readability drops, leaves out the prompts, and says the page states more than it shows', async () => {
    const report = await firefox.browser.newPage();
    await report.goto(site.url + PATHS.statedBody);
    // A popup of its own: the one above was last used by other journeys.
    const panel = await firefox.browser.newPage();
    await firefox.openExtensionPage(panel, '/popup.html');
    const tabId = await panel.evaluate(async (url) => {
      const tabs = await (globalThis as unknown as { browser: typeof chrome }).browser.tabs.query({ url: 'http://127.0.0.1/*' });
      return tabs.find((tab) => tab.url === url)?.id;
    }, site.url + PATHS.statedBody);
    await firefox.openExtensionPage(panel, `/popup.html?tab=${tabId}`);
    expect(await popupState(panel)).toBe('Not saved yet.');
    expect(await panel.$eval('.stated-shortfall', (el) => el.textContent)).toMatch(/^This page says its article has about \d+ words; Samizdat found \d+ of them on the page\.$/);
    expect(await pressSave(panel)).toMatch(/^Saved “Court fines a newspaper for a report on the protest”\./);
    const library = await firefox.browser.newPage();
    await firefox.openExtensionPage(library, '/library.html');
    await library.waitForSelector('.saved-item');
    const dump = await dumpLibrary(library);
    const snapshot = dump.snapshots.find((s: { loadedUrl: string }) => s.loadedUrl === site.url + PATHS.statedBody) as { id: string; authors: string[] };
    const { text } = dump.bodies.find((b: { snapshotId: string }) => b.snapshotId === snapshot.id) as { text: string };
    // In place: after the editor, before the fine; the prompts out; nothing the page does not show.
    expect(text).toMatch(/all night\.[^]*The ministry's spokesman said[^]*The fine is the third/);
    expect(text).not.toMatch(/Share this article|Related stories|Police detain dozens|collection to pay the fine/);
    expect(snapshot.authors).toEqual(['Anna Petrova', 'Ivan Sidorov']);
    await library.close();
    await panel.close();
    await report.close();
  });
});
