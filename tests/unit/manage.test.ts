import { assetBlob } from '../../utils/store/asset-blob';
import { describe, expect, it } from 'vitest';
import { deletePage, deleteSnapshot, parseTags, setTagsAndNote, undoDelete } from '../../utils/store/manage';
import { saveCapture } from '../../utils/store/save-capture';
import { APART_TABLES } from '../../utils/store/sealed-tables';
import { searchLibrary } from '../../utils/search/search';
import type { ImageResult } from '../../utils/save/fetch-images';
import { freshLibrary } from '../helpers/db';
import { captureSeed } from '../helpers/seed';

const original = captureSeed('article.html');
const edited = captureSeed('article-edited.html');
const photo: ImageResult = { url: original.images[0]!, hash: 'a'.repeat(64), blob: assetBlob(new Uint8Array([1, 2, 3]), 'image/png'), type: 'image/png', size: 3 };
/**
 * Every table's records as the code reads them. The seals of search rows' words (APART_TABLES) are
 * the sealed storage's own, sealed afresh with new nonces at each write: the words they hold are
 * compared through the search rows.
 */
const everything = (db: ReturnType<typeof freshLibrary>) =>
  Promise.all(db.tables.filter((table) => !Object.values(APART_TABLES).includes(table.name)).map(async (table) => [table.name, await table.toArray()] as const));

describe('tags and notes', () => {
  it('cleans tags as typed', () => {
    expect(parseTags(' army, Pskov ,army,  war in  Ukraine,,')).toEqual(['army', 'Pskov', 'war in Ukraine']);
  });

  it('keeps them on the page, through new versions, and filters search by them', async () => {
    const db = freshLibrary();
    await saveCapture(db, original, 1000);
    await setTagsAndNote(db, original.canonicalUrl, ['army', 'Pskov'], '  Cited in the March report. ');
    await saveCapture(db, edited, 2000);
    expect(await db.pages.get(original.canonicalUrl)).toMatchObject({ tags: ['army', 'Pskov'], note: 'Cited in the March report.', versionCount: 2 });
    expect((await searchLibrary(db, '', { tag: 'Pskov' })).pages.map((p) => p.url)).toEqual([original.canonicalUrl]);
    expect((await searchLibrary(db, 'paratroopers', { tag: 'elsewhere' })).pages).toEqual([]);
  });
});

describe('deleting, and undoing it', () => {
  it('deletes a page with every version, image and index row, and undo puts back exactly that', async () => {
    const db = freshLibrary();
    await saveCapture(db, original, 1000, [photo]);
    await saveCapture(db, edited, 2000, [photo]);
    const before = await everything(db);
    const removed = await deletePage(db, original.canonicalUrl);
    // Everything of the page goes; the library's own signing key stays.
    for (const table of db.tables) expect(await table.count(), table.name).toBe(table.name === 'keys' ? 1 : 0);
    await undoDelete(db, removed);
    expect(await everything(db)).toEqual(before);
  });

  it('keeps image bytes another page still uses', async () => {
    const db = freshLibrary();
    await saveCapture(db, original, 1000, [photo]);
    await saveCapture(db, { ...original, canonicalUrl: 'https://mirror.example/same-story' }, 2000, [photo]);
    await deletePage(db, original.canonicalUrl);
    expect(await db.assets.count()).toBe(1);
  });

  it('deletes one version: the page shows the newest version left, in the list and in search', async () => {
    const db = freshLibrary();
    await saveCapture(db, original, 1000);
    const second = await saveCapture(db, edited, 2000);
    const before = await everything(db);
    const removed = await deleteSnapshot(db, second.snapshotId);
    expect(await db.pages.get(original.canonicalUrl)).toMatchObject({ title: original.title, versionCount: 1, changed: false });
    expect((await searchLibrary(db, 'Kuzmin')).pages.map((p) => p.title)).toEqual([original.title]);
    await undoDelete(db, removed);
    expect(await everything(db)).toEqual(before);
  });

  it('never gives a new version the number of a deleted one', async () => {
    const db = freshLibrary();
    const first = await saveCapture(db, original, 1000);
    await saveCapture(db, edited, 2000);
    await deleteSnapshot(db, first.snapshotId);
    const third = await saveCapture(db, { ...edited, text: `${edited.text}\n\nUpdate: a correction.` }, 3000);
    expect(third).toMatchObject({ kind: 'new-version', version: 3, versionCount: 2 });
  });

  it('deleting the only version deletes the page', async () => {
    const db = freshLibrary();
    const only = await saveCapture(db, original, 1000);
    await deleteSnapshot(db, only.snapshotId);
    expect(await db.pages.count()).toBe(0);
  });
});
