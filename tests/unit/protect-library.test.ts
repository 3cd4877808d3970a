import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { libraryKeys, newLibraryKey, type LibraryKeys } from '../../utils/safety/library-key';
import { searchLibrary } from '../../utils/search/search';
import { LibraryDatabase } from '../../utils/store/db';
import { setTagsAndNote } from '../../utils/store/manage';
import { convertLibrary, type ProtectProgress } from '../../utils/store/protect-library';
import type { PageRecord, SightingRecord, SnapshotBody, SnapshotRecord } from '../../utils/store/records';
import { saveCapture } from '../../utils/store/save-capture';
import { addSearchRows, indexQueued } from '../../utils/store/search-rows';
import { KEYED_FIELDS, sealingMiddleware } from '../../utils/store/sealed-tables';
import { indexTerms } from '../../utils/search/index-terms';
import { watchPage } from '../../utils/watch/watches';
import { libraryContents } from '../helpers/archive';
import { captureSeed } from '../helpers/seed';

const NAME = 'samizdat-protect';
const PAGES = 1_000;
const SEED_URL = 'https://www.themoscowtimes.com/2022/04/07/60-russian-paratroopers-refuse-to-fight-in-ukraine-reports';
const SENTENCES = [
  ['ru', 'Жители Пскова вышли на улицы'],
  ['fa', 'تجمع ساکنان در دفاع از بیمارستان'],
  ['zh', '北部地区的居民反对关闭医院的决定'],
  ['uk', 'Мешканці міста протестують проти закриття лікарні'],
  ['en', 'Residents protest the closing of the hospital'],
] as const;

let factory: IDBFactory;
let keys: LibraryKeys | undefined;

/** The tables that hold the library's own rows (the list of words is a protected library's alone). */
const TABLES = Object.keys(KEYED_FIELDS).filter((name) => name !== 'vocabulary');
const plainLibrary = () => new LibraryDatabase(NAME, { indexedDB: factory, IDBKeyRange });
function sealedLibrary(): LibraryDatabase {
  const db = plainLibrary();
  db.use(sealingMiddleware(() => keys));
  return db;
}

/** Every row of the library's sealed tables as IndexedDB holds it, without the keys. */
async function rawRows(): Promise<Record<string, unknown>[]> {
  const raw = plainLibrary();
  const rows = (await Promise.all(Object.keys(KEYED_FIELDS).map((name) => raw.table(name).toArray()))).flat() as Record<string, unknown>[];
  raw.close();
  return rows;
}

/** A plain library as a release before protection left it: 1,000 pages in five scripts, one a real save with tags, a note and a watch. */
async function plainLibraryOf(count: number): Promise<void> {
  const db = plainLibrary();
  const pages: PageRecord[] = [];
  const snapshots: SnapshotRecord[] = [];
  const bodies: SnapshotBody[] = [];
  const sightings: SightingRecord[] = [];
  const rows: Parameters<typeof addSearchRows>[1] = [];
  for (let i = 0; i < count; i++) {
    const [lang, sentence] = SENTENCES[i % SENTENCES.length]!;
    const url = `https://news${i % 37}.example/${i}`;
    const id = i.toString(16).padStart(64, '0');
    const title = `${sentence} №${i}`;
    const at = 1_000_000 + i * 1000;
    pages.push({ url, kind: 'article', title, siteName: `Site ${i % 37}`, firstSavedAt: at, lastSavedAt: at, lastSeenAt: at, versionCount: 1, latestSnapshotId: id, changed: false, tags: i % 100 === 0 ? ['еженедельно'] : [], note: i % 250 === 0 ? `заметка ${i}` : '' });
    snapshots.push({ id, kind: 'article', pageUrl: url, sourceUrl: url, loadedUrl: url, version: 1, capturedAt: at, lastSeenAt: at, title, byline: null, authors: [], publisher: null, section: null, leadImage: null, siteName: `Site ${i % 37}`, lang, dir: null, excerpt: null, publishedTime: null, modifiedTime: null, wordCount: 8, images: [], imageHashes: [] });
    bodies.push({ snapshotId: id, html: `<p>${sentence}. Report ${i}.</p>`, text: `${sentence}. Report ${i}.` });
    sightings.push({ pageUrl: url, snapshotId: id, at, kind: 'new-page' });
    rows.push({ page: { url, lastSavedAt: at }, snapshotId: id, terms: indexTerms({ title, byline: null, authors: [], siteName: `Site ${i % 37}`, publisher: null, text: `${sentence}. Report ${i}.`, lang }) });
  }
  await db.transaction('rw', [db.pages, db.snapshots, db.bodies, db.sightings, db.words], async () => {
    await Promise.all([db.pages.bulkAdd(pages), db.snapshots.bulkAdd(snapshots), db.bodies.bulkAdd(bodies), db.sightings.bulkAdd(sightings)]);
    await addSearchRows(db, rows);
  });
  await saveCapture(db, captureSeed('article.html', SEED_URL), 5_000_000);
  await saveCapture(db, captureSeed('article-edited.html', SEED_URL), 5_000_100);
  await setTagsAndNote(db, SEED_URL, ['цензура'], '给编辑部看的笔记');
  await watchPage(db, SEED_URL, 'daily', 5_000_200, () => 0.5);
  await indexQueued(db);
  db.close();
}

/** Runs a conversion that stops (as a closed browser would) after `steps` transactions; answers whether it finished first. */
async function runStoppingAfter(toSealed: boolean, steps: number, progress: ProtectProgress[]): Promise<boolean> {
  const db = sealedLibrary();
  let seen = 0;
  try {
    await convertLibrary(db, toSealed, (step) => {
      progress.push(step);
      if (++seen === steps) throw new Error('stopped');
    });
    return true;
  } catch (error) {
    if ((error as Error).message !== 'stopped') throw error;
    return false;
  } finally {
    db.close();
  }
}

beforeEach(async () => {
  factory = new IDBFactory();
  keys = libraryKeys(newLibraryKey());
  await plainLibraryOf(PAGES);
});

describe('turning protection on and off', () => {
  it('seals a library of 1,000 pages in place through three stops, and every row reads back as it was, none lost or doubled', async () => {
    const plain = plainLibrary();
    const before = await libraryContents(plain);
    const counts = await Promise.all(TABLES.map((name) => plain.table(name).count()));
    plain.close();
    expect(before.pages).toHaveLength(PAGES + 1);

    // Stopped after 3 transactions, again after 20 more, again after 15: each run goes on where the last stopped.
    const progress: ProtectProgress[] = [];
    expect(await runStoppingAfter(true, 3, progress)).toBe(false);
    const partly = await rawRows();
    // The premise: part of the library is sealed, part not, and no row is in neither form (the counts hold).
    expect(partly.some((row) => row.$sealed) && partly.some((row) => !row.$sealed)).toBe(true);
    expect(partly).toHaveLength(counts.reduce((a, b) => a + b, 0));
    expect(await runStoppingAfter(true, 20, progress)).toBe(false);
    expect(await runStoppingAfter(true, 15, progress)).toBe(false);
    expect(await runStoppingAfter(true, Infinity, progress)).toBe(true);

    const raw = await rawRows();
    expect(raw.every((row) => row.$sealed instanceof Uint8Array)).toBe(true);
    // Each search row's words sealed in the table of their own, one seal per row.
    const seals = plainLibrary();
    expect(await seals.table('wordSeals').count()).toBe(counts[TABLES.indexOf('words')]);
    seals.close();
    const text = JSON.stringify(raw, (_name, value) => (value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : value));
    for (const trace of ['Пскова', 'بیمارستان', '北部地区', 'Мешканці', 'Residents', 'news3.example', 'themoscowtimes', 'еженедельно', 'заметка', '给编辑部看的笔记', 'Pskov']) expect(text, trace).not.toContain(trace);

    const sealed = sealedLibrary();
    expect(await libraryContents(sealed)).toEqual(before);
    expect(await Promise.all(TABLES.map((name) => sealed.table(name).count()))).toEqual(counts);
    // Search works over the sealed index, in every script.
    const found = async (query: string) => (await searchLibrary(sealed, query, {}, 1000)).pages.length;
    expect(await found('пскова ')).toBe(PAGES / 5);
    expect(await found('بیمارستان ')).toBe(PAGES / 5);
    expect(await found('pskov ')).toBe(1);
    // The last word typed, a prefix, through the sealed list of words made after sealing.
    expect(await found('пско')).toBe(PAGES / 5);
    expect(await found('мешка')).toBe(PAGES / 5);
    sealed.close();
    // Progress only goes forward, and ends at the whole library.
    const last = progress.at(-1)!;
    expect(last.done).toBe(last.total);
  }, 120_000);

  it('opens every row again through a stop, leaving the library exactly as it was before protection', async () => {
    const plain = plainLibrary();
    const before = await libraryContents(plain);
    plain.close();
    expect(await runStoppingAfter(true, Infinity, [])).toBe(true);
    expect(await runStoppingAfter(false, 10, [])).toBe(false);
    expect(await runStoppingAfter(false, Infinity, [])).toBe(true);
    expect((await rawRows()).some((row) => row.$sealed)).toBe(false);
    const opened = plainLibrary();
    // The list of words goes with protection: a plain index answers prefixes itself.
    expect(await opened.vocabulary.count()).toBe(0);
    // And the words' seals with it: a plain row holds its words.
    expect(await opened.table('wordSeals').count()).toBe(0);
    expect(await libraryContents(opened)).toEqual(before);
    expect((await searchLibrary(opened, 'пско', {}, 1000)).pages).toHaveLength(PAGES / 5);
    opened.close();
  }, 120_000);

  it('changes nothing while locked', async () => {
    keys = undefined;
    await expect(runStoppingAfter(true, Infinity, [])).rejects.toThrow('The library is locked.');
    expect((await rawRows()).some((row) => row.$sealed)).toBe(false);
  });
});
