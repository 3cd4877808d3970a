import { assetBlob } from '../../utils/store/asset-blob';
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { importArchive, ImportRefused } from '../../utils/archive/import-archive';
import { exportWacz } from '../../utils/archive/wacz/export-wacz';
import { blobSource } from '../../utils/archive/zip-reader';
import { sha256Hex } from '../../utils/integrity/hash';
import { saveCapture } from '../../utils/store/save-capture';
import { libraryContents, renderWindow } from '../helpers/archive';
import { freshLibrary } from '../helpers/db';
import { captureSeed } from '../helpers/seed';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 5, 6, 7, 8]);

async function seededLibrary() {
  const db = freshLibrary();
  const original = captureSeed('article.html');
  const edited = captureSeed('article-edited.html');
  const photo = { url: original.images[0]!, hash: await sha256Hex(PNG), blob: assetBlob(PNG, 'image/png'), type: 'image/png', size: PNG.byteLength };
  // The same bytes the edited version found at another address: two records, one asset.
  const moved = { ...photo, url: 'https://static.example.com/moved.png' };
  const other = { url: original.images[0]!.replace(/\.\w+$/, '-2.jpg'), hash: await sha256Hex(JPEG), blob: assetBlob(JPEG, 'image/jpeg'), type: 'image/jpeg', size: JPEG.byteLength };
  await saveCapture(db, original, 1000, [photo]);
  await saveCapture(db, { ...edited, images: [moved.url, other.url] }, 2000, [moved, other]);
  await db.pages.update(original.canonicalUrl, { tags: ['army', 'пскове'], note: 'Сравнить с первой версией.' });
  return db;
}

const wacz = async (db: ReturnType<typeof freshLibrary>) =>
  new Uint8Array(await (await exportWacz(db, { selection: { all: true }, generator: 'Samizdat test', win: renderWindow, now: () => Date.UTC(2026, 10, 25, 3) })).arrayBuffer());
const source = (bytes: Uint8Array) => blobSource(new Blob([bytes as Uint8Array<ArrayBuffer>]));

describe('a web archive (WACZ) that Samizdat exported, imported', () => {
  it('comes back as exactly the same library: pages, versions, images, tags, notes, timelines, search, signatures', async () => {
    const db = await seededLibrary();
    const bytes = await wacz(db);
    const other = freshLibrary();
    expect(await importArchive(other, source(bytes))).toEqual({ newPages: 1, newSnapshots: 2, skipped: 0, newImages: 2 });
    expect(await libraryContents(other)).toEqual(await libraryContents(db));
    // A second import adds nothing.
    expect(await importArchive(other, source(bytes))).toEqual({ newPages: 0, newSnapshots: 0, skipped: 2, newImages: 0 });
    expect(await libraryContents(other)).toEqual(await libraryContents(db));
  });

  it('is refused, changing nothing, when its list of files was altered after it was signed', async () => {
    const db = await seededLibrary();
    const files = unzipSync(await wacz(db));
    const pack = JSON.parse(new TextDecoder().decode(files['datapackage.json'])) as { title: string };
    files['datapackage.json'] = strToU8(JSON.stringify({ ...pack, title: 'planted' }));
    const other = freshLibrary();
    const before = await libraryContents(other);
    await expect(importArchive(other, source(zipSync(files as Zippable)))).rejects.toBeInstanceOf(ImportRefused);
    expect(await libraryContents(other)).toEqual(before);
  });
});

describe('a web archive that is not safe to read', () => {
  // The ZIP-level refusals of an archive's import (tests/unit/archive.test.ts), in a web archive's
  // shape: Samizdat's own WACZ, or one as another tool packs it (a datapackage.json and WARC files).
  const datapackage = strToU8(JSON.stringify({ profile: 'data-package', wacz_version: '1.1.1', resources: [] }));
  const warc = new Uint8Array(gzipSync(strToU8('WARC/1.1\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n')));
  const refusals: [string, () => Promise<Uint8Array>, RegExp][] = [
    ['its own WACZ cut short', async () => (await wacz(await seededLibrary())).slice(0, -2000), /cut short/],
    ['a zip bomb', async () => zipSync({ 'datapackage.json': datapackage, 'archive/a.warc.gz': new Uint8Array(20 * 1024 * 1024) }, { level: 9 }), /zip bomb/],
    ['a ../ entry', async () => zipSync({ 'datapackage.json': datapackage, 'archive/a.warc.gz': [warc, { level: 0 }], '../../.bashrc': strToU8('echo owned') }), /points outside the archive/],
    ['an absolute path', async () => zipSync({ 'datapackage.json': datapackage, 'archive/a.warc.gz': [warc, { level: 0 }], '/etc/passwd': strToU8('root') }), /points outside the archive/],
    ['no WARC file in it', async () => zipSync({ 'datapackage.json': datapackage, 'pages/pages.jsonl': strToU8('{}\n') }), /no WARC file/i],
    ['a WARC file that expands to more than the directory declares', async () => {
      const bytes = zipSync({ 'archive/a.warc': strToU8(`WARC/1.1\r\nWARC-Type: warcinfo\r\nContent-Length: 3000\r\n\r\n${'x'.repeat(3000)}\r\n\r\n`), 'datapackage.json': [datapackage, { level: 0 }] });
      // Its uncompressed size, in the local header (22) and the directory's entry (24), says 100:
      // read whole, as a deflated WARC is, it does not inflate to what was declared.
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      view.setUint32(22, 100, true);
      const directory = bytes.length - 22 - (46 + 'datapackage.json'.length) - (46 + 'archive/a.warc'.length);
      view.setUint32(directory + 24, 100, true);
      return bytes;
    }, /damaged: “archive\/a\.warc” cannot be unpacked \(a WARC file deflated in the ZIP, larger than 64 MB once inflated, or damaged/],
  ];
  it.each(refusals)('refuses %s with its reason, and the library is unchanged', async (_name, make, message) => {
    const bytes = await make();
    const db = await seededLibrary();
    const before = await libraryContents(db);
    await expect(importArchive(db, source(bytes), { win: renderWindow })).rejects.toThrow(message);
    expect(await libraryContents(db)).toEqual(before);
  });
});
