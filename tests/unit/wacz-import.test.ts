import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
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
  const photo = { url: original.images[0]!, hash: await sha256Hex(PNG), blob: new Blob([PNG], { type: 'image/png' }), type: 'image/png', size: PNG.byteLength };
  // The same bytes the edited version found at another address: two records, one asset.
  const moved = { ...photo, url: 'https://static.example.com/moved.png' };
  const other = { url: original.images[0]!.replace(/\.\w+$/, '-2.jpg'), hash: await sha256Hex(JPEG), blob: new Blob([JPEG], { type: 'image/jpeg' }), type: 'image/jpeg', size: JPEG.byteLength };
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
