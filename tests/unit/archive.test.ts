import { assetBlob } from '../../utils/store/asset-blob';
import { afterAll, describe, expect, it } from 'vitest';
import { strToU8, unzipSync, Zip, ZipDeflate, zipSync } from 'fflate';
import { importArchive, ImportRefused } from '../../utils/archive/import-archive';
import { describeReport } from '../../utils/archive/report';
import { verifyArchive } from '../../utils/archive/verify-archive';
import { parsePageFile } from '../../utils/archive/validate';
import { blobSource } from '../../utils/archive/zip-reader';
import { sha256Hex } from '../../utils/integrity/hash';
import { signSnapshot } from '../../utils/integrity/signature';
import { saveCapture } from '../../utils/store/save-capture';
import type { ImageResult } from '../../utils/save/fetch-images';
import { exportBytes, libraryContents, rewrite } from '../helpers/archive';
import { recordCases } from '../helpers/case-count';
import { freshLibrary } from '../helpers/db';
import { captureSeed } from '../helpers/seed';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
const original = captureSeed('article.html');
const edited = captureSeed('article-edited.html');

async function photoOf(url: string): Promise<ImageResult> {
  return { url, hash: await sha256Hex(PNG), blob: assetBlob(PNG, 'image/png'), type: 'image/png', size: PNG.byteLength };
}

async function seededLibrary() {
  const db = freshLibrary();
  const photo = await photoOf(original.images[0]!);
  await saveCapture(db, original, 1000, [photo]);
  await saveCapture(db, edited, 2000, [photo]);
  await saveCapture(db, edited, 3000, [photo]);
  return db;
}

const tried = { tampered: 0, unsafe: 0, faults: 0 };
afterAll(() =>
  recordCases(import.meta.url, [
    { kind: 'mutations', what: 'tampered archives (import and samizdat verify)', count: tried.tampered },
    { kind: 'mutations', what: 'unsafe archives: bombs, traversal, truncation, versions', count: tried.unsafe },
    { kind: 'faults', what: 'disk full during an import', count: tried.faults },
  ]),
);

const source = (bytes: Uint8Array) => blobSource(new Blob([bytes as Uint8Array<ArrayBuffer>]));

describe('an exported archive', () => {
  it('verifies, and imports into an empty library as exactly the same library', async () => {
    const db = await seededLibrary();
    const archive = await exportBytes(db);
    const report = await verifyArchive(source(archive));
    expect(describeReport(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.snapshots).toHaveLength(2);
    expect(report.snapshots.every((s) => s.signature === 'valid' && s.content)).toBe(true);

    const other = freshLibrary();
    const summary = await importArchive(other, source(archive));
    expect(summary).toEqual({ newPages: 1, newSnapshots: 2, skipped: 0, newImages: 1 });
    expect(await libraryContents(other)).toEqual(await libraryContents(db));
  });

  it('skips what the library has, and adds new versions after its own', async () => {
    const db = await seededLibrary();
    const archive = await exportBytes(db);
    const other = freshLibrary();
    await saveCapture(other, original, 500);
    expect(await importArchive(other, source(archive))).toEqual({ newPages: 0, newSnapshots: 1, skipped: 1, newImages: 1 });
    const page = await other.pages.get(original.canonicalUrl);
    expect(page).toMatchObject({ versionCount: 2, changed: true });
    const [v1, v2] = await other.snapshots.where('pageUrl').equals(original.canonicalUrl).sortBy('version');
    expect(v2!.signature).toEqual((await db.snapshots.get(v2!.id))!.signature);
    expect([v1!.version, v2!.version]).toEqual([1, 2]);
    // Importing the same archive again changes nothing.
    const before = await libraryContents(other);
    expect(await importArchive(other, source(archive))).toEqual({ newPages: 0, newSnapshots: 0, skipped: 2, newImages: 0 });
    expect(await libraryContents(other)).toEqual(before);
  });

  it('carries a watched page’s checks, its evidence, and imports them once, without the watch', async () => {
    const db = await seededLibrary();
    const pageUrl = original.canonicalUrl;
    await db.watches.add({ pageUrl, interval: 'daily', since: 1000, nextCheckAt: 90_000_000, failures: 0 });
    await db.checks.bulkAdd([
      { pageUrl, at: 4000, url: pageUrl, outcome: 'unchanged', reason: 'same', status: 200 },
      { pageUrl, at: 5000, url: pageUrl, outcome: 'blocked', reason: 'signature', status: 200, signature: { name: 'ooni.ru_4', scope: 'nat', countries: ['RU'] }, news: 1, unseen: 1 },
    ]);
    const archive = await exportBytes(db);
    expect((await verifyArchive(source(archive))).ok).toBe(true);
    const other = freshLibrary();
    await importArchive(other, source(archive));
    expect(await libraryContents(other)).toEqual(await libraryContents(db));
    expect((await libraryContents(other)).checks).toHaveLength(2);
    // An archive never makes a library watch anything, nor news of it unseen.
    expect(await other.watches.count()).toBe(0);
    expect(await other.checks.where('unseen').equals(1).count()).toBe(0);
    await importArchive(other, source(archive));
    expect(await other.checks.count()).toBe(2);
  });

  it('refuses a page file whose checks are malformed or filed under another page, naming the field', async () => {
    const db = await seededLibrary();
    await db.checks.add({ pageUrl: original.canonicalUrl, at: 4000, url: original.canonicalUrl, outcome: 'unchanged', reason: 'same' });
    const files = unzipSync(await exportBytes(db));
    const name = Object.keys(files).find((n) => n.startsWith('data/pages/'))!;
    const file = JSON.parse(new TextDecoder().decode(files[name]));
    expect(parsePageFile(files[name]!)).toMatchObject({ checks: [{ outcome: 'unchanged' }] });
    const edited = (edit: (check: Record<string, unknown>) => void) => {
      const copy = structuredClone(file);
      edit(copy.checks[0]);
      return parsePageFile(new TextEncoder().encode(JSON.stringify(copy)));
    };
    expect(edited((c) => (c.outcome = 'vanished'))).toMatch(/checks\[0\]\.outcome should be one of unchanged, edited/);
    expect(edited((c) => (c.pageUrl = 'https://elsewhere.example/'))).toMatch(/checks\[0\]\.pageUrl should be the address of the page it is filed with/);
    expect(edited((c) => (c.reason = 'because'))).toMatch(/checks\[0\]\.reason should be http-<status> or one of/);
    expect(edited((c) => (c.news = 2))).toMatch(/checks\[0\]\.news should be 1/);
    tried.tampered += 4;
  });

  it('brings a copy exported while its image was still downloading in with that image interrupted, and nothing queued', async () => {
    const db = freshLibrary();
    await saveCapture(db, original, 1000, [{ url: original.images[0]!, missing: 'pending' }]);
    expect(await db.imageQueue.count()).toBe(1);
    const archive = await exportBytes(db);
    expect((await verifyArchive(source(archive))).ok).toBe(true);
    const other = freshLibrary();
    await importArchive(other, source(archive));
    expect((await other.snapshots.toArray())[0]!.images).toEqual([{ url: original.images[0], missing: 'interrupted' }]);
    // Nothing in this library will download it: saving the article again will.
    expect(await other.imageQueue.count()).toBe(0);
  });
});

describe('a tampered archive', () => {
  const cases: [string, (files: Record<string, Uint8Array>) => void | Promise<void>, RegExp][] = [
    ['one byte of an article page', (f) => flip(f, (n) => n.startsWith('articles/')), /altered: articles\//],
    ['one byte of an image', (f) => flip(f, (n) => n.startsWith('images/')), /altered: images\//],
    ['one byte of a snapshot file', (f) => flip(f, (n) => n.startsWith('data/snapshots/'), '"title": "'), /altered: the copy|altered: data\/snapshots/],
    ['one byte of the manifest', (f) => flip(f, (n) => n === 'manifest.json', '"generator": "'), /signature does not match its manifest/],
    ['a file removed', (f) => void delete f[Object.keys(f).find((n) => n.startsWith('images/'))!], /missing: images\//],
    ['a file added', (f) => void (f['articles/extra.html'] = strToU8('<p>planted</p>')), /not part of the archive: articles\/extra\.html/],
    ['a signature from another key', resignWithOtherKey, /bad signature|signature differs/],
  ];
  it.each(cases)('is refused by import and verify: %s', async (_name, edit, message) => {
    tried.tampered += 1;
    const db = await seededLibrary();
    const archive = await exportBytes(db);
    const files = { ...(await import('fflate')).unzipSync(archive) };
    await edit(files);
    const tampered = (await import('fflate')).zipSync(files);
    const report = await verifyArchive(source(tampered));
    expect(report.ok).toBe(false);
    expect(describeReport(report).join('\n')).toMatch(message);
    const other = freshLibrary();
    const before = await libraryContents(other);
    await expect(importArchive(other, source(tampered))).rejects.toBeInstanceOf(ImportRefused);
    expect(await libraryContents(other)).toEqual(before);
  });
});

/** Change one byte (after `marker` when given) of the first file whose name matches. */
function flip(files: Record<string, Uint8Array>, which: (name: string) => boolean, marker?: string): void {
  const name = Object.keys(files).find(which)!;
  const bytes = files[name]!.slice();
  const at = marker ? new TextDecoder().decode(bytes).indexOf(marker) + marker.length : Math.floor(bytes.length / 2);
  bytes[at] = bytes[at]! ^ 0x01;
  files[name] = bytes;
}

async function resignWithOtherKey(files: Record<string, Uint8Array>): Promise<void> {
  const name = Object.keys(files).find((n) => n.startsWith('data/snapshots/'))!;
  const file = JSON.parse(new TextDecoder().decode(files[name]));
  const pair = (await crypto.subtle.generateKey('Ed25519', false, ['sign', 'verify'])) as CryptoKeyPair;
  const other = await signSnapshot({ privateKey: pair.privateKey, publicKey: file.snapshot.signature.publicKey }, file.snapshot, file.snapshot.signature.signedAt);
  file.snapshot.signature = other;
  files[name] = new TextEncoder().encode(JSON.stringify(file));
}

describe('an archive that is not safe to read', () => {
  const refusals: [string, () => Promise<Uint8Array>, RegExp][] = [
    ['a truncated ZIP', async () => (await exportBytes(await seededLibrary())).slice(0, -2000), /cut short/],
    ['a zip bomb', async () => (await import('fflate')).zipSync({ 'index.html': new Uint8Array(20 * 1024 * 1024) }, { level: 9 }), /zip bomb/],
    ['a ../ entry', async () => (await import('fflate')).zipSync({ '../../.bashrc': strToU8('echo owned') }), /points outside the archive/],
    ['an absolute path', async () => (await import('fflate')).zipSync({ '/etc/passwd': strToU8('root') }), /points outside the archive/],
    ['a future format version', async () => rewrite(await exportBytes(await seededLibrary()), (f) => void (f['manifest.json'] = strToU8(new TextDecoder().decode(f['manifest.json']).replace('"formatVersion": 1', '"formatVersion": 2')))), /format version 2; this Samizdat reads version 1/],
    ['another kind of ZIP', async () => (await import('fflate')).zipSync({ 'word/document.xml': strToU8('<w:document/>') }), /no manifest\.json/],
    ['a file that is no ZIP at all', async () => strToU8('<!doctype html><p>not an archive</p>'), /not a ZIP archive/],
    ['a file that expands to more than the archive declares', async () => {
      const bytes = (await import('fflate')).zipSync({ 'index.html': strToU8('<p>'.repeat(1000)) });
      // The uncompressed size, in the local header (22) and the directory's entry (24), says 100.
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      view.setUint32(22, 100, true);
      view.setUint32(bytes.length - 22 - 46 - 'index.html'.length + 24, 100, true);
      return bytes;
    }, /expands to more or less than the 100 bytes the archive declares/],
    ['an entry larger than any a Samizdat archive holds', async () => (await import('fflate')).zipSync({ 'images/a.png': new Uint8Array(65 * 1024 * 1024) }, { level: 1 }), /unpacks to more than 64 MB/],
  ];
  it.each(refusals)('refuses %s with its reason, and the library is unchanged', async (_name, make, message) => {
    tried.unsafe += 1;
    const bytes = await make();
    const report = await verifyArchive(source(bytes));
    expect(report.ok).toBe(false);
    expect(report.refusal?.message).toMatch(message);
    const db = await seededLibrary();
    const before = await libraryContents(db);
    await expect(importArchive(db, source(bytes))).rejects.toThrow(message);
    expect(await libraryContents(db)).toEqual(before);
  });
});

describe('an archive that another tool packed again', () => {
  it('is read whole when packed again in other pieces', async () => {
    const db = await seededLibrary();
    const files = unzipSync(await exportBytes(db));
    // Each file pushed in two pieces, so compressed otherwise; its sizes follow its data, as in
    // Samizdat's own archives, and are read from the directory.
    const parts: Uint8Array[] = [];
    const zip = new Zip((error, chunk) => {
      if (error) throw error;
      parts.push(chunk);
    });
    for (const [name, bytes] of Object.entries(files)) {
      const file = new ZipDeflate(name);
      zip.add(file);
      file.push(bytes.subarray(0, bytes.length >> 1));
      file.push(bytes.subarray(bytes.length >> 1), true);
    }
    zip.end();
    const repacked = new Uint8Array(await new Blob(parts as Uint8Array<ArrayBuffer>[]).arrayBuffer());
    expect(new DataView(repacked.buffer).getUint16(6, true) & 0x8).toBe(0x8);
    expect((await verifyArchive(source(repacked))).ok).toBe(true);
    const other = freshLibrary();
    await importArchive(other, source(repacked));
    expect(await libraryContents(other)).toEqual(await libraryContents(db));
  });

  it('imports the same library when its copies come before their pages, as another tool may pack them', async () => {
    const db = await seededLibrary();
    const files = unzipSync(await exportBytes(db));
    // Names sorted backwards: data/snapshots/ before data/pages/, so no copy's page is known when
    // it is read, and its search terms cannot be cut ahead for its page's newest copy alone.
    const names = Object.keys(files).sort().reverse();
    expect(names.findIndex((n) => n.startsWith('data/snapshots/'))).toBeLessThan(names.findIndex((n) => n.startsWith('data/pages/')));
    const reordered = zipSync(Object.fromEntries(names.map((name) => [name, files[name]!])));
    const other = freshLibrary();
    await importArchive(other, source(reordered));
    expect(await libraryContents(other)).toEqual(await libraryContents(db));
  });
});

describe('an export packed elsewhere', () => {
  it('writes the same files, in the same order, when its packer answers late and out of turn', async () => {
    const db = await seededLibrary();
    const { packFile } = await import('../../utils/archive/pack');
    let turn = 0;
    // Every other file answers later than the one after it, as a busy worker might.
    const late = async (content: Uint8Array | string, compress: boolean) => {
      await new Promise((resolve) => setTimeout(resolve, turn++ % 2 ? 1 : 15));
      return packFile(content, compress);
    };
    const here = unzipSync(await exportBytes(db));
    const elsewhere = await exportBytes(db, { all: true }, late);
    expect((await verifyArchive(source(elsewhere))).ok).toBe(true);
    expect(Object.keys(unzipSync(elsewhere))).toEqual(Object.keys(here));
    expect(unzipSync(elsewhere)).toEqual(here);
  });

  it('fails with the reason its packer gives, and offers no archive', async () => {
    const db = await seededLibrary();
    await expect(exportBytes(db, { all: true }, () => Promise.reject(new Error('the compression worker stopped')))).rejects.toThrow('the compression worker stopped');
  });
});

describe('an export or import that stops part-way', () => {
  it('cancels an export at the next page when asked', async () => {
    const db = await seededLibrary();
    await saveCapture(db, { ...original, canonicalUrl: 'https://elsewhere.example/story' }, 4000);
    const controller = new AbortController();
    const { exportArchive } = await import('../../utils/archive/export-archive');
    const { renderWindow } = await import('../helpers/archive');
    const exporting = exportArchive(db, { selection: { all: true }, generator: 'test', win: renderWindow, signal: controller.signal, onProgress: ({ pages }) => pages === 1 && controller.abort() });
    await expect(exporting).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('cancels an import while it adds its pages, leaving the library as it was', async () => {
    const archive = await exportBytes(await seededLibrary());
    const other = freshLibrary();
    await saveCapture(other, { ...original, canonicalUrl: 'https://elsewhere.example/story' }, 500);
    const before = await libraryContents(other);
    const controller = new AbortController();
    const phases: string[] = [];
    const importing = importArchive(other, source(archive), {
      signal: controller.signal,
      onProgress: ({ phase }) => {
        phases.push(phase);
        // Every file was read, checked and staged: the cancel lands in the last transaction.
        if (phase === 'writing') controller.abort();
      },
    });
    await expect(importing).rejects.toMatchObject({ name: 'AbortError' });
    expect(phases.at(-2)).toBe('checking');
    expect(phases.at(-1)).toBe('writing');
    expect(await libraryContents(other)).toEqual(before);
  });

  it('refuses an archive that changes while it is read, leaving the library as it was', async () => {
    tried.tampered += 1;
    const db = await seededLibrary();
    const { exportArchive } = await import('../../utils/archive/export-archive');
    const { renderWindow } = await import('../helpers/archive');
    const exportAt = (hour: number) => exportArchive(db, { selection: { all: true }, generator: 'test', win: renderWindow, now: () => Date.UTC(2026, 10, 25, hour) });
    // Exported again an hour later: the same pages, and a manifest that dates the export.
    const first = await exportAt(3);
    const second = await exportAt(4);
    // A file on disk rewritten once the import began reading it in order (its manifest read before).
    let changed = false;
    const now = () => blobSource(changed ? second : first);
    const changing = {
      get size() {
        return now().size;
      },
      tail: (length: number) => now().tail(length),
      slice: (start: number, end: number) => now().slice(start, end),
      chunks: () => {
        changed = true;
        return blobSource(second).chunks();
      },
    };
    expect((await verifyArchive(blobSource(second))).ok).toBe(true);
    const other = freshLibrary();
    const before = await libraryContents(other);
    await expect(importArchive(other, changing)).rejects.toThrow(/“manifest\.json” changed while it was being imported; nothing was imported/);
    expect(await libraryContents(other)).toEqual(before);
  });

  /** Where a full disk can stop an import: while staging, or in its last transaction. */
  const fullDiskAt: [string, (db: ReturnType<typeof freshLibrary>) => void][] = [
    // Staging its pages' records, after the first batch of bodies and images was written.
    ['staging the pages', (db) => (db.stagedPages.bulkPut = () => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError')) as never)],
    ['staging the new copies', (db) => (db.stagedCopies.bulkPut = () => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError')) as never)],
    // The last step, adding the timelines: its transaction aborts, and what was staged before it must go too.
    ['adding the timelines', (db) => (db.sightings.bulkAdd = () => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError')) as never)],
  ];
  it.each(fullDiskAt)('leaves the library as it was when the disk fills %s', async (_where, fill) => {
    tried.faults += 1;
    const archive = await exportBytes(await seededLibrary());
    const other = freshLibrary();
    await saveCapture(other, { ...original, canonicalUrl: 'https://elsewhere.example/story' }, 500);
    const before = await libraryContents(other);
    fill(other);
    await expect(importArchive(other, source(archive))).rejects.toThrow(/quota/);
    expect(await libraryContents(other)).toEqual(before);
  });

  it('leaves the library as it was when a later batch fails while the archive is read on', async () => {
    tried.faults += 1;
    // 150 pages, each with an image of its own: 450 files, more than one staged batch (400).
    const big = freshLibrary();
    for (let i = 0; i < 150; i++) {
      const bytes = new Uint8Array([...PNG, i]);
      const url = `https://images.example/${i}.png`;
      const capture = { ...original, canonicalUrl: `https://many.example/${i}`, images: [url], html: `${original.html}<img src="${url}">` };
      await saveCapture(big, capture, 1000 + i, [{ url, hash: await sha256Hex(bytes), blob: assetBlob(bytes, 'image/png'), type: 'image/png', size: bytes.byteLength }]);
    }
    const archive = await exportBytes(big);
    const other = freshLibrary();
    await saveCapture(other, { ...original, canonicalUrl: 'https://elsewhere.example/story' }, 500);
    const before = await libraryContents(other);
    // The first batch is written (its images among them); the second fails, while the third is read.
    const bulkPut = other.stagedPages.bulkPut.bind(other.stagedPages);
    let batches = 0;
    other.stagedPages.bulkPut = ((...args: Parameters<typeof bulkPut>) => (++batches === 2 ? Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError')) : bulkPut(...args))) as never;
    await expect(importArchive(other, source(archive))).rejects.toThrow(/quota/);
    expect(batches).toBe(2);
    expect(await libraryContents(other)).toEqual(before);
  });

  it('removes what an import closed a day ago left staged, and not what one under way has', async () => {
    const archive = await exportBytes(await seededLibrary());
    const other = freshLibrary();
    const now = Date.UTC(2026, 11, 2, 12);
    // As an import leaves them when its page is closed part-way: a body, its copy's record, a page's.
    const left = async (importId: string, id: string) => {
      const snapshot = { ...(await (await seededLibrary()).snapshots.toCollection().first())!, id, pageUrl: `https://left.example/${id}` };
      await other.bodies.put({ snapshotId: id, html: '<p>x</p>', text: 'x' });
      await other.stagedCopies.put({ importId, id, pageUrl: snapshot.pageUrl, snapshot, terms: [] });
      await other.stagedPages.put({ importId, seq: 0, page: (await (await seededLibrary()).pages.toCollection().first())!, sightings: [] });
    };
    await left(`${String(now - 2 * 86_400_000).padStart(15, '0')}-closed`, 'a'.repeat(64));
    await left(`${String(now - 60_000).padStart(15, '0')}-running`, 'b'.repeat(64));
    await importArchive(other, source(archive), { now: () => now });
    expect((await other.stagedCopies.toArray()).map((copy) => copy.id)).toEqual(['b'.repeat(64)]);
    expect(await other.stagedPages.count()).toBe(1);
    expect(await other.bodies.get('a'.repeat(64))).toBeUndefined();
    expect(await other.bodies.get('b'.repeat(64))).toBeDefined();
    expect(await other.pages.count()).toBe(1);
  });
});
