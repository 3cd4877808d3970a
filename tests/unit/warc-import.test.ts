import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { JSDOM } from 'jsdom';
import { serve } from '../../scripts/serve.mjs';
import { readFetchedPage } from '../../utils/watch/read-fetched-page';
import { snapshotHash } from '../../utils/integrity/snapshot-hash';
import { dompurifyCases, hostileArticle, ownCases } from '../e2e/helpers/hostile-pages';
import { recordCases } from '../helpers/case-count';
import { describe, expect, it } from 'vitest';
import { importArchive, type ImportSummary } from '../../utils/archive/import-archive';
import { readWarc, readWarcFrom } from '../../utils/archive/wacz/warc-reader';
import { blobSource } from '../../utils/archive/zip-reader';
import { sha256Hex } from '../../utils/integrity/hash';
import { searchLibrary } from '../../utils/search/search';
import type { LibraryDatabase } from '../../utils/store/db';
import { libraryContents, renderWindow } from '../helpers/archive';
import { freshLibrary } from '../helpers/db';
import { CORPUS, readBytes, SEED } from '../helpers/dom';
import { chunked, warcFile, type TestRecord } from '../helpers/warc';

const SITE = 'http://news.localhost';
const ARTICLE = `${SITE}/2022/04/07/paratroopers.html`;
const PNG = new Uint8Array(readBytes(`${CORPUS}pages/photo.png`));
const original = readBytes(`${SEED}article.html`);
const edited = readBytes(`${SEED}article-edited.html`);
const cp1251 = readBytes(`${CORPUS}pages/cp1251.html`);

/** A crawl of a news site as a crawler writes it: the things the import must read as the format means them. */
function crawl(): TestRecord[] {
  const html = { 'Content-Type': 'text/html; charset=utf-8' };
  return [
    // The article, sent chunked, and its photo.
    { url: ARTICLE, date: '2022-04-07T10:00:00Z', headers: { ...html, 'Transfer-Encoding': 'chunked' }, body: chunked(new Uint8Array(original)) },
    { url: `${SITE}/paratroopers.png`, date: '2022-04-07T10:00:01Z', headers: { 'Content-Type': 'image/png' }, body: PNG },
    // The same response written twice, as crawls do: one capture.
    { url: `${SITE}/paratroopers.png`, date: '2022-04-07T10:00:01Z', headers: { 'Content-Type': 'image/png' }, body: PNG },
    // Quietly edited a day later, gzip-compressed; then found unchanged (a revisit, no body).
    { url: ARTICLE, date: '2022-04-08T10:00:00Z', headers: { ...html, 'Content-Encoding': 'gzip' }, body: gzipSync(edited) },
    {
      url: ARTICLE,
      date: '2022-04-09T10:00:00Z',
      type: 'revisit',
      headers: html,
      warcHeaders: { 'WARC-Profile': 'http://netpreserve.org/warc/1.1/revisit/identical-payload-digest', 'WARC-Refers-To-Target-URI': ARTICLE, 'WARC-Refers-To-Date': '2022-04-08T10:00:00Z' },
    },
    // A Russian page in windows-1251, its header silent about it (its <meta> says so).
    { url: `${SITE}/ru/hospital.html`, date: '2022-04-07T11:00:00Z', headers: { 'Content-Type': 'text/html' }, body: new Uint8Array(cp1251) },
    // A photo report whose photo the crawler never fetched.
    { url: `${SITE}/news/photo-report.html`, date: '2022-04-07T13:00:00Z', headers: html, body: new Uint8Array(readBytes(`${CORPUS}pages/photo-report.html`)) },
    // A moved address, a style sheet, and a page that is not there.
    { url: `${SITE}/old-address.html`, date: '2022-04-07T12:00:00Z', status: 'HTTP/1.1 301 Moved Permanently', headers: { Location: '/2022/04/07/paratroopers.html' } },
    { url: `${SITE}/style.css`, date: '2022-04-07T10:00:02Z', headers: { 'Content-Type': 'text/css' }, body: 'body { color: black }' },
    { url: `${SITE}/gone.html`, date: '2022-04-07T12:00:01Z', status: 'HTTP/1.1 404 Not Found', headers: html, body: '<h1>Not found</h1>' },
  ];
}

const run = promisify(execFile);
const JS_WACZ = new URL('../../node_modules/.bin/js-wacz', import.meta.url).pathname;
const source = (bytes: Uint8Array) => blobSource(new Blob([bytes as Uint8Array<ArrayBuffer>]));
const importWarc = (db: LibraryDatabase, bytes: Uint8Array, fileName = 'crawl.warc.gz'): Promise<ImportSummary> => importArchive(db, source(bytes), { fileName, win: renderWindow });

describe('a WARC file written by others, imported', () => {
  it('reads every HTML page with the capture, dated by its record, its images from the archive itself', async () => {
    const db = freshLibrary();
    const summary = await importWarc(db, await warcFile(crawl()));
    expect(summary).toMatchObject({ newPages: 3, newSnapshots: 4, skipped: 0, newImages: 1 });
    expect(summary.webArchive).toMatchObject({ copies: 4, unreadable: [] });

    const pages = await db.pages.orderBy('url').toArray();
    const seed = pages.find((p) => p.url.includes('themoscowtimes'))!;
    expect(seed).toMatchObject({ versionCount: 2, changed: true, firstSavedAt: Date.parse('2022-04-07T10:00:00Z'), lastSavedAt: Date.parse('2022-04-08T10:00:00Z'), lastSeenAt: Date.parse('2022-04-09T10:00:00Z') });
    const versions = await db.snapshots.where('pageUrl').equals(seed.url).sortBy('version');
    expect(versions.map((v) => [v.version, new Date(v.capturedAt).toISOString(), v.loadedUrl])).toEqual([
      [1, '2022-04-07T10:00:00.000Z', ARTICLE],
      [2, '2022-04-08T10:00:00.000Z', ARTICLE],
    ]);
    expect(versions.every((v) => !v.signature && v.importedFrom?.file === 'crawl.warc.gz' && /^<urn:uuid:/.test(v.importedFrom.record) && v.importedFrom.software === 'warcio.js test')).toBe(true);
    expect(seed.latestSnapshotId).toBe(versions[1]!.id);
    const sightings = await db.sightings.where('pageUrl').equals(seed.url).sortBy('at');
    expect(sightings.map((s) => s.kind)).toEqual(['new-page', 'new-version', 'unchanged']);
    // Its photo came out of the archive: kept, by the hash of its bytes.
    const photo = await sha256Hex(PNG);
    expect(versions[0]!.images).toContainEqual({ url: `${SITE}/paratroopers.png`, hash: photo });
    expect((await db.assets.get(photo))?.size).toBe(PNG.byteLength);
    // A photo never archived: said so, not fetched.
    const report = pages.find((p) => p.url.includes('photo-report'))!;
    expect((await db.snapshots.get(report.latestSnapshotId))!.images).toEqual([{ url: `${SITE}/photo.png`, missing: 'not-archived' }]);

    // The windows-1251 page reads as Russian, and search finds it.
    const russian = pages.find((p) => p.url.includes('hospital'))!;
    expect(russian.title).toMatch(/[А-Яа-я]/);
    const words = (await db.bodies.get(russian.latestSnapshotId))!.text.match(/[А-Яа-яЁё]{6,}/g)!;
    expect((await searchLibrary(db, words[3]!, {})).pages.map((p) => p.url)).toContain(russian.url);
    expect((await searchLibrary(db, 'paratroopers', {})).pages.map((p) => p.url)).toContain(seed.url);
  });

  it('adds nothing when imported again', async () => {
    const db = freshLibrary();
    const bytes = await warcFile(crawl());
    await importWarc(db, bytes);
    const before = await libraryContents(db);
    expect(await importWarc(db, bytes)).toMatchObject({ newPages: 0, newSnapshots: 0, skipped: 4, newImages: 0 });
    expect(await libraryContents(db)).toEqual(before);
  });

  it('reads a plain (uncompressed) WARC, and one packed into a WACZ by js-wacz, the same way', async () => {
    const gz = freshLibrary();
    const bytes = await warcFile(crawl());
    await importWarc(gz, bytes);
    const plain = freshLibrary();
    await importWarc(plain, await warcFile(crawl(), { gzip: false }), 'crawl.warc');
    // Sorted here: a protected library's index orders ids by their keyed terms.
    const strip = async (db: LibraryDatabase) => (await db.snapshots.toArray()).sort((a, b) => (a.id < b.id ? -1 : 1)).map(({ importedFrom: _from, ...s }) => s);
    expect(await strip(plain)).toEqual(await strip(gz));
    // js-wacz (Harvard's Library Innovation Lab) packs the same WARC: its WACZ reads the same.
    const dir = mkdtempSync(join(tmpdir(), 'samizdat-js-wacz-'));
    writeFileSync(join(dir, 'crawl.warc.gz'), bytes);
    await run(JS_WACZ, ['create', '-f', join(dir, 'crawl.warc.gz'), '-o', join(dir, 'crawl.wacz'), '--log-level', 'error']);
    const packed = freshLibrary();
    const summary = await importWarc(packed, new Uint8Array(readFileSync(join(dir, 'crawl.wacz'))), 'crawl.wacz');
    expect(summary).toMatchObject({ newPages: 3, newSnapshots: 4, newImages: 1 });
    expect(await strip(packed)).toEqual(await strip(gz));
    expect([...new Set((await packed.snapshots.toArray()).map((snapshot) => snapshot.importedFrom?.file))]).toEqual(['crawl.wacz']);
  });

  it('reads what GNU Wget wrote (--warc-file, pages and their requisites)', async () => {
    const site = await serve({ '/2022/04/07/paratroopers.html': `${SEED}article.html`, '/logo.png': `${SEED}logo.png`, '/news/photo-report.html': `${CORPUS}pages/photo-report.html`, '/photo.png': `${CORPUS}pages/photo.png` });
    const dir = mkdtempSync(join(tmpdir(), 'samizdat-wget-'));
    try {
      const pages = [`${site.url}/2022/04/07/paratroopers.html`, `${site.url}/news/photo-report.html`];
      await run('wget', ['--quiet', '--page-requisites', '--no-host-directories', `--directory-prefix=${join(dir, 'files')}`, `--warc-file=${join(dir, 'site')}`, '--no-warc-keep-log', ...pages]).catch((error: { code?: number }) => {
        // Wget exits 8 when a requisite answered 404 (the seed names a script the site does not serve): its WARC is whole.
        if (error.code !== 8) throw error;
      });
    } finally {
      await site.close();
    }
    const db = freshLibrary();
    const summary = await importWarc(db, new Uint8Array(readFileSync(join(dir, 'site.warc.gz'))), 'site.warc.gz');
    expect(summary).toMatchObject({ newPages: 2, newSnapshots: 2, newImages: 1 });
    const snapshots = (await db.snapshots.toArray()).sort((a, b) => a.title.localeCompare(b.title));
    expect(snapshots.map((s) => s.title)).toEqual(['60 Russian Paratroopers Refuse to Fight In Ukraine — Reports', expect.stringMatching(/^Riverside Residents Document Flooding/)]);
    expect(snapshots.every((s) => /^Wget\//.test(s.importedFrom?.software ?? ''))).toBe(true);
    // The photo report's picture, which Wget fetched, is kept; the article's, lazy-loaded (data-src), Wget never fetched.
    expect(snapshots[1]!.images).toEqual([{ url: `${site.url}/photo.png`, hash: await sha256Hex(PNG) }]);
    expect(snapshots[0]!.images).toEqual([{ url: `${site.url}/paratroopers.png`, missing: 'not-archived' }]);
  }, 30_000);

  it('keeps hostile pages as inert as a save does: each copy is the very one the capture makes of it', async () => {
    const cases = [...dompurifyCases(), ...ownCases((name) => `http://beacon.localhost/${name}`, 'http://live.localhost/')];
    const records: TestRecord[] = cases.map((c, i) => ({ url: `${SITE}/hostile/${i}.html`, date: '2022-05-01T00:00:00Z', headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: hostileArticle(c, i) }));
    const db = freshLibrary();
    const summary = await importWarc(db, await warcFile(records), 'hostile.warc.gz');
    expect(summary.newSnapshots + summary.webArchive!.unreadable.length).toBe(cases.length);
    // Ordinary articles around each payload: nearly all are read as articles (a payload may break a page's HTML for good).
    expect(summary.newSnapshots).toBeGreaterThan(cases.length * 0.9);
    const stored = new Set((await db.snapshots.toArray()).map((snapshot) => snapshot.id));
    // A tenth of them read again as a check of a watched page reads a fetched page: the same copies.
    for (const [i, c] of cases.entries()) {
      if (i % 10) continue;
      const outcome = readFetchedPage(hostileArticle(c, i), `${SITE}/hostile/${i}.html`, 'article', renderWindow);
      if (outcome.ok) expect(stored.has(await snapshotHash(outcome.capture)), c.id).toBe(true);
    }
    for (const body of await db.bodies.toArray()) {
      const doc = new JSDOM(`<body>${body.html}</body>`).window.document;
      expect(doc.querySelectorAll('script, iframe, object, embed, form, style, link, meta, base, frame, frameset').length).toBe(0);
      for (const element of doc.querySelectorAll('*')) {
        for (const attribute of element.attributes) {
          expect(attribute.name.startsWith('on'), attribute.name).toBe(false);
          expect(/^\s*(javascript|vbscript|data:text)/i.test(attribute.value), `${attribute.name}=${attribute.value}`).toBe(false);
        }
      }
    }
    recordCases(import.meta.url, [{ kind: 'payloads', what: 'attack strings in pages imported from a WARC', count: cases.length }]);
  }, 60_000);

  it('refuses a damaged file, naming the record, and changes nothing', async () => {
    const bytes = await warcFile(crawl());
    const records = [...readWarc(bytes, 1 << 26)];
    const image = records.find((r) => r.fields.get('warc-target-uri')?.endsWith('.png'))!;
    const cases: [string, Uint8Array, RegExp][] = [
      ['cut short', bytes.subarray(0, bytes.byteLength - 50), /crawl\.warc\.gz, the record at byte \d+: cut short/],
      ['a byte changed in a record', flip(bytes, image.offset + Math.floor(image.length / 2)), new RegExp(`crawl\\.warc\\.gz, the record at byte ${image.offset}: `)],
      ['not a WARC at all', new Uint8Array(gzipSync(Buffer.from('<html>hello</html>'))), /the record at byte 0: not a WARC record/],
    ];
    for (const [name, damaged, message] of cases) {
      const db = freshLibrary();
      await importWarc(db, await warcFile(crawl().slice(5, 6)));
      const before = await libraryContents(db);
      await expect(importWarc(db, damaged), name).rejects.toThrow(message);
      expect(await libraryContents(db), name).toEqual(before);
    }
  });
});

describe('a web archive read as the format means it', () => {
  const t = (day: number) => `2022-04-${String(day).padStart(2, '0')}T10:00:00Z`;

  it('works out a page’s timeline by date, whichever of its addresses each capture came from', async () => {
    // Two addresses of one article (its canonical link names the same page), read address by address.
    const records: TestRecord[] = [
      { url: `${SITE}/a.html`, date: t(1), headers: { 'Content-Type': 'text/html' }, body: new Uint8Array(original) },
      { url: `${SITE}/a.html`, date: t(3), headers: { 'Content-Type': 'text/html' }, body: new Uint8Array(original) },
      { url: `${SITE}/b.html?utm_source=feed`, date: t(2), headers: { 'Content-Type': 'text/html' }, body: new Uint8Array(edited) },
    ];
    const db = freshLibrary();
    expect(await importWarc(db, await warcFile(records))).toMatchObject({ newPages: 1, newSnapshots: 2 });
    const [page] = await db.pages.toArray();
    const versions = await db.snapshots.where('pageUrl').equals(page!.url).sortBy('version');
    expect(versions.map((v) => [v.version, new Date(v.capturedAt).toISOString()])).toEqual([[1, '2022-04-01T10:00:00.000Z'], [2, '2022-04-02T10:00:00.000Z']]);
    expect((await db.sightings.where('pageUrl').equals(page!.url).sortBy('at')).map((s) => s.kind)).toEqual(['new-page', 'new-version', 'reverted']);
    expect(page).toMatchObject({ latestSnapshotId: versions[0]!.id, lastSavedAt: Date.parse(t(3)), versionCount: 2, changed: true });
  });

  it('adds versions after the library’s own, finds revisits by digest and pictures behind redirects, and skips what it cannot decode', async () => {
    const db = freshLibrary();
    const first = await importWarc(db, await warcFile([{ url: ARTICLE, date: t(1), headers: { 'Content-Type': 'text/html' }, body: new Uint8Array(original) }]));
    expect(first).toMatchObject({ newPages: 1, newSnapshots: 1 });
    const editedDigest = `sha256:${await sha256Hex(new Uint8Array(edited))}`;
    const records: TestRecord[] = [
      { url: ARTICLE, date: t(1), headers: { 'Content-Type': 'text/html' }, body: new Uint8Array(original) },
      { url: ARTICLE, date: t(2), headers: { 'Content-Type': 'text/html' }, body: new Uint8Array(edited) },
      // A WARC 1.0 revisit: no original named, only the payload's digest.
      { url: `${ARTICLE}?amp=1`, date: t(3), type: 'revisit', headers: { 'Content-Type': 'text/html' }, warcHeaders: { 'WARC-Payload-Digest': editedDigest } },
      { url: `${SITE}/paratroopers.png`, date: t(2), status: 'HTTP/1.1 302 Found', headers: { Location: `${SITE}/media/photo-v2.png` } },
      { url: `${SITE}/media/photo-v2.png`, date: t(2), headers: { 'Content-Type': 'image/png' }, body: PNG },
      // A page compressed with Brotli, which this reader cannot undo: left out and named, not a refusal.
      { url: `${SITE}/brotli.html`, date: t(2), headers: { 'Content-Type': 'text/html', 'Content-Encoding': 'br' }, body: new Uint8Array([0x8b, 0x02, 0x80]) },
    ];
    const summary = await importWarc(db, await warcFile(records));
    expect(summary).toMatchObject({ newPages: 0, newSnapshots: 1, skipped: 1, newImages: 1 });
    expect(summary.webArchive!.unreadable).toEqual([`${SITE}/brotli.html`]);
    const [page] = await db.pages.toArray();
    const versions = await db.snapshots.where('pageUrl').equals(page!.url).sortBy('version');
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(versions[1]!.images).toEqual([{ url: `${SITE}/paratroopers.png`, hash: await sha256Hex(PNG) }]);
    // Found again on the 3rd through the revisit: unchanged, and the page was last seen then.
    expect(page!.lastSeenAt).toBe(Date.parse(t(3)));
  });

  it('refuses a file compressed whole, and a capture dated in the future, saying why', async () => {
    const plain = await warcFile(crawl(), { gzip: false });
    const db = freshLibrary();
    await expect(importWarc(db, new Uint8Array(gzipSync(plain)))).rejects.toThrow(/compressed whole, not a record at a time/);
    await expect(importWarc(db, await warcFile([{ url: ARTICLE, date: '2199-01-01T00:00:00Z', headers: { 'Content-Type': 'text/html' }, body: new Uint8Array(original) }]))).rejects.toThrow(/its WARC-Date 2199-01-01T00:00:00Z is no capture's date/);
    expect(await db.pages.count()).toBe(0);
  });
});

describe('reading WARC files a window at a time', () => {
  it('finds the end of a record whose gzip trailer straddles two of the pieces it is inflated in', async () => {
    // Incompressible bytes deflate to stored blocks, so the member's length follows the body's:
    // move the body until the trailer starts 4 bytes before a 64 KB piece ends.
    let length = 150_000;
    let found = false;
    for (let tries = 0; tries < 8 && !found; tries++) {
      const bytes = await warcFile([{ url: `${SITE}/noise.bin`, date: '2022-01-01T00:00:00Z', headers: { 'Content-Type': 'application/octet-stream' }, body: noise(length) }]);
      const records = [...readWarc(bytes, 64 << 20)];
      const record = records[1]!;
      const trailer = record.offset + record.length - 8 - (record.offset + 10);
      // The nearest place 4 bytes before a piece's end (each 64 KB of stored deflate costs a few bytes more).
      const rest = trailer % 65536;
      const wanted = rest < 32768 ? trailer - rest - 4 : trailer - rest + 65532;
      if (trailer % 65536 === 65532) found = true;
      else length += wanted - trailer;
    }
    expect(found).toBe(true);
  });

  it('gives the same records as reading the file whole, records larger than the window included', async () => {
    const big = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 2654435761) >>> 24);
    const records: TestRecord[] = [1, 5, 3, 6].map((mb, i) => ({ url: `${SITE}/file-${i}.bin`, date: '2022-01-01T00:00:00Z', headers: { 'Content-Type': 'application/octet-stream' }, body: big(mb * 1024 * 1024 + i) }));
    for (const gzip of [true, false]) {
      const bytes = await warcFile(records, { gzip });
      const whole = [...readWarc(bytes, 64 << 20)].map((r) => [r.offset, r.length, r.block.byteLength]);
      const windowed: number[][] = [];
      for await (const r of readWarcFrom(inMemory(bytes), 64 << 20)) windowed.push([r.offset, r.length, r.block.byteLength]);
      expect(windowed).toEqual(whole);
      expect(whole).toHaveLength(5);
    }
  }, 60_000);
});

describe('records larger than an import takes', () => {
  const windowed = async (bytes: Uint8Array, max: number) => {
    const read: { offset: number; length: number; block: number; passedOver: boolean; url?: string }[] = [];
    for await (const r of readWarcFrom(inMemory(bytes), max)) read.push({ offset: r.offset, length: r.length, block: r.block.byteLength, passedOver: !!r.passedOver, url: r.fields.get('warc-target-uri') });
    return read;
  };

  it('passes over each one, finding where it ends, and reads every record around it as before', async () => {
    // Over a 2 MB limit: a 5 MB record that compresses well and a 3 MB one that does not (its
    // member is read in several pieces, its trailer found after them).
    const records: TestRecord[] = [
      { url: `${SITE}/small-1.bin`, date: '2022-01-01T00:00:00Z', headers: { 'Content-Type': 'application/octet-stream' }, body: noise(1024 * 1024) },
      { url: `${SITE}/video.mp4`, date: '2022-01-01T00:00:00Z', headers: { 'Content-Type': 'video/mp4' }, body: new Uint8Array(5 * 1024 * 1024) },
      { url: `${SITE}/noise.bin`, date: '2022-01-01T00:00:00Z', headers: { 'Content-Type': 'application/octet-stream' }, body: noise(3 * 1024 * 1024 + 5) },
      { url: `${SITE}/small-2.bin`, date: '2022-01-01T00:00:00Z', headers: { 'Content-Type': 'application/octet-stream' }, body: noise(1000) },
    ];
    for (const gzip of [true, false]) {
      const bytes = await warcFile(records, { gzip });
      const whole = [...readWarc(bytes, 64 << 20)];
      const read = await windowed(bytes, 2 * 1024 * 1024);
      expect(read.map((r) => [r.offset, r.length]), `gzip ${gzip}`).toEqual(whole.map((r) => [r.offset, r.length]));
      expect(read.filter((r) => r.passedOver).map((r) => [r.url, r.block])).toEqual([
        [`${SITE}/video.mp4`, 0],
        [`${SITE}/noise.bin`, 0],
      ]);
      expect(read.filter((r) => !r.passedOver).map((r) => r.block)).toEqual(whole.filter((r) => r.block.byteLength <= 2 * 1024 * 1024).map((r) => r.block.byteLength));
      // Reading a file whole, or a record again, takes no record over the limit: refused, and said.
      expect(() => [...readWarc(bytes, 2 * 1024 * 1024)]).toThrow(/the record at byte \d+: larger than 2097152 bytes/);
    }
  }, 60_000);

  it('refuses a record passed over whose compressed bytes were changed, or cut short, at its place', async () => {
    const bytes = await warcFile([
      { url: `${SITE}/noise.bin`, date: '2022-01-01T00:00:00Z', headers: { 'Content-Type': 'application/octet-stream' }, body: noise(3 * 1024 * 1024) },
      { url: `${SITE}/after.bin`, date: '2022-01-01T00:00:00Z', headers: { 'Content-Type': 'application/octet-stream' }, body: noise(1000) },
    ]);
    const big = [...readWarc(bytes, 64 << 20)][1]!;
    await expect(windowed(flip(bytes, big.offset + 2 * 1024 * 1024), 2 * 1024 * 1024)).rejects.toThrow(new RegExp(`^the record at byte ${big.offset}: what it holds differs from its gzip trailer`));
    await expect(windowed(bytes.subarray(0, big.offset + 2 * 1024 * 1024), 2 * 1024 * 1024)).rejects.toThrow(new RegExp(`^the record at byte ${big.offset}: cut short`));
  });

  it('imports the pages of a crawl that holds a video over 64 MB, and says the video was passed over', async () => {
    const video = { url: `${SITE}/media/report.mp4`, date: '2022-04-07T10:00:03Z', headers: { 'Content-Type': 'video/mp4' }, body: new Uint8Array(65 * 1024 * 1024) };
    for (const gzip of [true, false]) {
      const db = freshLibrary();
      const bytes = await warcFile([...crawl().slice(0, 2), video, ...crawl().slice(5, 6)], { gzip });
      const summary = await importWarc(db, bytes, gzip ? 'crawl.warc.gz' : 'crawl.warc');
      expect(summary, `gzip ${gzip}`).toMatchObject({ newPages: 2, newSnapshots: 2, newImages: 1 });
      const record = [...readWarc(bytes, 128 << 20)].find((r) => r.fields.get('warc-target-uri') === video.url)!;
      expect(summary.webArchive!.passedOver).toEqual([{ url: video.url, bytes: record.block.byteLength }]);
    }
  }, 60_000);
});

/** Bytes no compressor can shrink (xorshift32): a gzip member as long as what it holds. */
function noise(n: number): Uint8Array {
  let x = 2463534242;
  return Uint8Array.from({ length: n }, () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x & 0xff;
  });
}

/** A WARC file held in memory, read a window at a time as a file would be. */
const inMemory = (bytes: Uint8Array) => ({ size: bytes.byteLength, slice: async (a: number, b: number) => bytes.subarray(a, b) });

function flip(bytes: Uint8Array, at: number): Uint8Array {
  const copy = bytes.slice();
  copy[at]! ^= 0x20;
  return copy;
}
