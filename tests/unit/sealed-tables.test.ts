import { fileURLToPath } from 'node:url';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { capturePage } from '../../utils/capture/capture-page';
import { libraryKeys, newLibraryKey, type LibraryKeys } from '../../utils/safety/library-key';
import { SealBroken } from '../../utils/safety/sealed';
import { searchLibrary } from '../../utils/search/search';
import { LibraryDatabase } from '../../utils/store/db';
import { deletePage, setTagsAndNote, undoDelete } from '../../utils/store/manage';
import { assetBlob } from '../../utils/store/asset-blob';
import { pageHistory, savedCopy, tagsInUse } from '../../utils/store/queries';
import { saveCapture } from '../../utils/store/save-capture';
import { indexQueued } from '../../utils/store/search-rows';
import { LibraryLocked, SealedQueryRefused, sealingMiddleware, termsHeld } from '../../utils/store/sealed-tables';
import { readBytes, readText, windowFor } from '../helpers/dom';
import { captureSeed } from '../helpers/seed';

const SEED_URL = 'https://www.themoscowtimes.com/2022/04/07/60-russian-paratroopers-refuse-to-fight-in-ukraine-reports';
const PERSIAN_URL = 'https://www.radiozamaneh.com/fa/hospital';
const TAG = 'цензура-минск';
const NOTE = '给编辑部看的笔记';

/** What a reader of the disk must not find: titles, addresses, words in three scripts, a tag, a note. */
const TRACES = ['Paratroopers', 'themoscowtimes', 'paratroopers-refuse', 'radiozamaneh', 'بیمارستان', TAG, NOTE, 'Pskov'];

function persianCapture() {
  const win = windowFor(readText(fileURLToPath(new URL('../fixtures/pages/persian.html', import.meta.url))), PERSIAN_URL);
  const outcome = capturePage(win.document, win);
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.capture;
}

/** Every row of every table as IndexedDB holds it, read without the keys, as bytes a reader of the disk could search. */
async function rawRows(factory: IDBFactory): Promise<Buffer> {
  const raw = new LibraryDatabase('samizdat-sealed', { indexedDB: factory, IDBKeyRange });
  const dump = await Promise.all(raw.tables.map(async (table) => ({ table: table.name, rows: await table.toArray() })));
  raw.close();
  const text = JSON.stringify(dump, (_name, value) => (value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : value));
  return Buffer.from(text, 'utf8');
}

const shows = (bytes: Buffer, text: string) => {
  const le = Buffer.from(text, 'utf16le');
  return [Buffer.from(text, 'utf8'), le, Buffer.from(le).swap16()].some((needle) => bytes.includes(needle));
};

let factory: IDBFactory;
let keys: LibraryKeys | undefined;
let db: LibraryDatabase;

/** `apart` as sealingMiddleware takes it: `{}` writes rows as stop 34 did, each in one seal. */
function sealedLibrary(apart?: Record<string, string[]>): LibraryDatabase {
  const library = new LibraryDatabase('samizdat-sealed', { indexedDB: factory, IDBKeyRange });
  library.use(sealingMiddleware(() => keys, undefined, undefined, apart));
  return library;
}

beforeEach(async () => {
  factory = new IDBFactory();
  keys = libraryKeys(newLibraryKey());
  db = sealedLibrary();
  await saveCapture(db, captureSeed('article.html', SEED_URL), Date.UTC(2026, 11, 1));
  await saveCapture(db, persianCapture(), Date.UTC(2026, 11, 2));
  await setTagsAndNote(db, SEED_URL, [TAG, 'army'], NOTE);
  await indexQueued(db);
});

describe('a library stored sealed', () => {
  it('reads back every record as it was saved, through the same code as a plain library', async () => {
    const page = await db.pages.get(SEED_URL);
    expect(page).toMatchObject({ url: SEED_URL, tags: [TAG, 'army'], note: NOTE, versionCount: 1 });
    expect(page!.title).toContain('Paratroopers');
    const history = await pageHistory(db, SEED_URL);
    expect(history!.snapshots).toHaveLength(1);
    const copy = await savedCopy(db, page!.latestSnapshotId);
    expect(copy!.body.text).toContain('Pskov');
    // A new version is numbered after the first, its sightings found by the page's address.
    await saveCapture(db, captureSeed('article-edited.html', SEED_URL), Date.UTC(2026, 11, 3));
    expect((await pageHistory(db, SEED_URL))!.snapshots.map((s) => s.version).sort()).toEqual([1, 2]);
    expect(await db.sightings.where('pageUrl').equals(SEED_URL).count()).toBe(2);
    expect(await db.pages.where('tags').equals(TAG).primaryKeys()).toEqual([SEED_URL]);
  });

  it('finds whole words in every script through the keyed index', async () => {
    const found = async (query: string) => (await searchLibrary(db, query)).pages.map((page) => page.url);
    expect(await found('pskov ')).toEqual([SEED_URL]);
    expect(await found('بیمارستان ')).toEqual([PERSIAN_URL]);
    expect(await found('nowhere ')).toEqual([]);
  });

  it('shows a reader of the disk none of the titles, addresses, words, tags or notes', async () => {
    const raw = await rawRows(factory);
    // The premise: the same rows read with the keys show them.
    expect(JSON.stringify(await db.pages.toArray())).toContain(NOTE);
    for (const trace of TRACES) expect(shows(raw, trace), trace).toBe(false);
    // What stays in the clear: times, counts, sizes.
    expect(raw.includes(Buffer.from(String(Date.UTC(2026, 11, 1))))).toBe(true);
  });

  it('deletes a page and puts it back with Undo', async () => {
    const removed = await deletePage(db, SEED_URL);
    expect(await db.pages.get(SEED_URL)).toBeUndefined();
    await undoDelete(db, removed);
    expect(await db.pages.get(SEED_URL)).toMatchObject({ note: NOTE });
  });

  it('answers nothing while locked, and everything again once unlocked', async () => {
    const held = keys;
    keys = undefined;
    await expect(db.pages.get(SEED_URL)).rejects.toBeInstanceOf(LibraryLocked);
    await expect(db.pages.toArray()).rejects.toBeInstanceOf(LibraryLocked);
    await expect(saveCapture(db, captureSeed('article-edited.html', SEED_URL), Date.UTC(2026, 11, 4))).rejects.toBeInstanceOf(LibraryLocked);
    keys = held;
    expect((await db.pages.get(SEED_URL))!.versionCount).toBe(1);
  });

  it('opens nothing with another library’s keys, and refuses a seal moved to another row', async () => {
    const held = keys;
    keys = libraryKeys(newLibraryKey());
    await expect(db.pages.get(SEED_URL)).resolves.toBeUndefined(); // its address keys to another row
    await expect(db.pages.toArray()).rejects.toBeInstanceOf(SealBroken);
    keys = held;
    // A reader of the disk swaps the two pages' sealed records.
    const raw = new LibraryDatabase('samizdat-sealed', { indexedDB: factory, IDBKeyRange });
    const [a, b] = (await raw.table('pages').toArray()) as Record<string, unknown>[];
    await raw.table('pages').bulkPut([{ ...a, $sealed: b!.$sealed }, { ...b, $sealed: a!.$sealed }]);
    raw.close();
    await expect(db.pages.get(SEED_URL)).rejects.toBeInstanceOf(SealBroken);
  });

  it('refuses, loudly, what keyed terms cannot answer: a prefix, a range of addresses', async () => {
    await expect(db.words.where('terms').startsWith('psk').primaryKeys()).rejects.toBeInstanceOf(SealedQueryRefused);
    await expect(db.pages.where('url').between('https://a', 'https://z').toArray()).rejects.toBeInstanceOf(SealedQueryRefused);
    await expect(db.sightings.where('pageUrl').anyOf([SEED_URL, PERSIAN_URL]).toArray()).rejects.toBeInstanceOf(SealedQueryRefused);
  });

  it('finds a prefix of the last word typed through its sealed list of words', async () => {
    expect((await searchLibrary(db, 'psk')).pages.map((page) => page.url)).toEqual([SEED_URL]);
    expect((await searchLibrary(db, 'بیمار')).pages.map((page) => page.url)).toEqual([PERSIAN_URL]);
    // The list holds the words, sealed: none readable on disk, each found by its first two letters.
    expect((await db.vocabulary.get('ps'))!.words).toContain('pskov');
    expect(shows(await rawRows(factory), 'pskov')).toBe(false);
    // A single letter begins too many words to list: those pages are read newest first instead.
    expect((await searchLibrary(db, 'p')).pages.length).toBe(1);
  });

  it('lists the tags in use, and pages through the library after the last page seen, each page once', async () => {
    expect(await tagsInUse(db)).toEqual(['army', TAG]);
    const first = await db.pages.orderBy(':id').limit(1).toArray();
    const rest = await db.pages.where(':id').above(first[0]!.url).toArray();
    expect([...first, ...rest].map((page) => page.url).sort()).toEqual([PERSIAN_URL, SEED_URL].sort());
  });

  it('keeps image bytes sealed and gives them back as a Blob; refuses a Blob whose bytes it cannot read', async () => {
    const bytes = new Uint8Array(readBytes(fileURLToPath(new URL('../fixtures/pages/photo.png', import.meta.url))));
    await db.assets.put({ hash: 'abc', blob: assetBlob(bytes, 'image/png'), type: 'image/png', size: bytes.length, url: 'https://example.org/secret-photo.png' });
    const asset = await db.assets.get('abc');
    expect(asset!.blob.type).toBe('image/png');
    expect(new Uint8Array(await asset!.blob.arrayBuffer())).toEqual(bytes);
    expect(shows(await rawRows(factory), 'secret-photo')).toBe(false);
    // Read and written back (as Undo does), it seals again.
    await db.assets.put(asset!);
    await expect(db.assets.put({ ...asset!, blob: new Blob([bytes]) })).rejects.toBeInstanceOf(SealedQueryRefused);
  });

  it('keeps a search row’s words in a seal of their own, in a table of its own, opened only when read, and refuses words moved from another row', async () => {
    const raw = new LibraryDatabase('samizdat-sealed', { indexedDB: factory, IDBKeyRange });
    const stored = (await raw.table('words').toArray()) as Record<string, unknown>[];
    // The row keeps its keyed words and says its words' seal is elsewhere; the seal is under its key.
    expect(stored.every((row) => row.$sealed instanceof Uint8Array && row.$apart === 1)).toBe(true);
    const seals = (await raw.table('wordSeals').toArray()) as { key: number; seal: Uint8Array }[];
    expect(seals.map((seal) => seal.key).sort()).toEqual(stored.map((row) => row.key).sort());
    expect(seals.every((seal) => seal.seal instanceof Uint8Array)).toBe(true);
    const [a, b] = stored;
    const sealOf = (key: unknown) => seals.find((seal) => seal.key === key)!.seal;
    // A reader of the disk gives the first row the second's words, sealed and keyed.
    await raw.transaction('rw', [raw.table('words'), raw.table('wordSeals')], async () => {
      await raw.table('words').put({ ...a, terms: b!.terms });
      await raw.table('wordSeals').put({ key: a!.key, seal: sealOf(b!.key) });
    });
    raw.close();
    const row = (await db.words.get(a!.key as number))!;
    // Its page reads: the search found it by the moved words and shows the page...
    expect([SEED_URL, PERSIAN_URL]).toContain(row.pageUrl);
    // ...but its words, once read, do not open.
    expect(() => row.terms).toThrow(SealBroken);
    const other = (await db.words.get(b!.key as number))!;
    expect(other.terms!.length).toBeGreaterThan(10);
    // Read whole and written back (as Undo does), a row is sealed as it was.
    await db.words.put({ ...other });
    expect((await db.words.get(b!.key as number))!.terms).toEqual(other.terms);
  });

  it('answers whether a search row holds a word from its keyed terms alone, and nothing for a row not yet indexed', async () => {
    const rows = await db.words.toArray();
    const persian = rows.find((row) => row.pageUrl === PERSIAN_URL)!;
    // A new version of the seed page: its row is queued again, its words outside the index.
    await saveCapture(db, captureSeed('article-edited.html', SEED_URL), Date.UTC(2026, 11, 3));
    const queued = (await db.words.where('queued').equals(1).toArray())[0]!;
    const held = await db.transaction('r', db.words, (tx) => termsHeld(db.words, tx.idbtrans as unknown as Parameters<typeof termsHeld>[1], [persian.key, queued.key, 1], 'terms'));
    expect(held[0]!('بیمارستان')).toBe(true);
    expect(held[0]!('pskov')).toBe(false);
    expect(held.slice(1)).toEqual([undefined, undefined]);
    // Locked, it answers nothing.
    const unlocked = keys;
    keys = undefined;
    await expect(db.transaction('r', db.words, (tx) => termsHeld(db.words, tx.idbtrans as unknown as Parameters<typeof termsHeld>[1], [persian.key], 'terms'))).rejects.toBeInstanceOf(LibraryLocked);
    keys = unlocked;
  });

  it('writes and deletes a search row’s words’ seal with its row, and calls a row whose seal is gone broken', async () => {
    const count = (name: string) => {
      const raw = new LibraryDatabase('samizdat-sealed', { indexedDB: factory, IDBKeyRange });
      return raw.table(name).count().finally(() => raw.close());
    };
    expect(await count('wordSeals')).toBe(2);
    const removed = await deletePage(db, SEED_URL);
    expect(await count('words')).toBe(1);
    expect(await count('wordSeals')).toBe(1);
    await undoDelete(db, removed);
    expect(await count('wordSeals')).toBe(2);
    expect((await searchLibrary(db, 'pskov')).pages.map((page) => page.url)).toEqual([SEED_URL]);
    // A row whose words were indexed keeps one seal, not one per form it had.
    await saveCapture(db, captureSeed('article-edited.html', SEED_URL), Date.UTC(2026, 11, 3));
    await indexQueued(db);
    expect(await count('wordSeals')).toBe(2);
    // Its seal deleted from the disk, a row's words do not open: broken, not empty.
    const raw = new LibraryDatabase('samizdat-sealed', { indexedDB: factory, IDBKeyRange });
    const [first] = (await raw.table('words').toArray()) as { key: number }[];
    await raw.table('wordSeals').delete(first!.key);
    raw.close();
    await expect(db.words.get(first!.key)).rejects.toBeInstanceOf(SealBroken);
    // A cursor cannot read another table as it moves: asked for rows' values, it refuses.
    await expect(db.words.each(() => undefined)).rejects.toBeInstanceOf(SealedQueryRefused);
  });

  it('reads rows written in one seal, before words were kept apart, and finds them', async () => {
    db.close();
    factory = new IDBFactory();
    const before = sealedLibrary({});
    await saveCapture(before, captureSeed('article.html', SEED_URL), Date.UTC(2026, 11, 1));
    await indexQueued(before);
    before.close();
    const raw = new LibraryDatabase('samizdat-sealed', { indexedDB: factory, IDBKeyRange });
    expect(((await raw.table('words').toArray()) as Record<string, unknown>[]).some((row) => row.$apart)).toBe(false);
    raw.close();
    db = sealedLibrary();
    expect((await searchLibrary(db, 'pskov paratroopers')).pages.map((page) => page.url)).toEqual([SEED_URL]);
    expect((await db.words.toArray())[0]!.terms).toContain('pskov');
  });

  it('moves the words’ seals kept in their rows (schema 8) to their own table at the upgrade, while locked', async () => {
    db.close();
    factory = new IDBFactory();
    const rawAt = (version?: number) => new LibraryDatabase('samizdat-sealed', { indexedDB: factory, IDBKeyRange }, version);
    // Schema 8 has no table of seals: each row kept its words' seal in itself.
    const old = rawAt(8);
    old.use(sealingMiddleware(() => keys));
    await saveCapture(old, captureSeed('article.html', SEED_URL), Date.UTC(2026, 11, 1));
    await indexQueued(old);
    old.close();
    const before = rawAt(8);
    const inRows = (await before.table('words').toArray()) as Record<string, unknown>[];
    before.close();
    expect(inRows.length).toBe(1);
    expect(inRows[0]!.$apart).toBeInstanceOf(Uint8Array);

    // Opened while locked: the upgrade needs no key.
    const unlocked = keys;
    keys = undefined;
    db = sealedLibrary();
    await db.open();
    const after = rawAt();
    const stored = (await after.table('words').toArray()) as Record<string, unknown>[];
    const seals = (await after.table('wordSeals').toArray()) as { key: number; seal: Uint8Array }[];
    after.close();
    expect(stored.map((row) => row.$apart)).toEqual([1]);
    expect(seals.map((seal) => [seal.key, Buffer.from(seal.seal).toString('hex')])).toEqual([[inRows[0]!.key, Buffer.from(inRows[0]!.$apart as Uint8Array).toString('hex')]]);
    await expect(searchLibrary(db, 'pskov')).rejects.toBeInstanceOf(LibraryLocked);

    // Unlocked, the moved seal opens, and a row written since keeps its seal apart too.
    keys = unlocked;
    await saveCapture(db, persianCapture(), Date.UTC(2026, 11, 2));
    await indexQueued(db);
    expect((await searchLibrary(db, 'pskov paratroopers')).pages.map((page) => page.url)).toEqual([SEED_URL]);
    expect((await searchLibrary(db, 'بیمارستان')).pages.map((page) => page.url)).toEqual([PERSIAN_URL]);
    const rows = await db.words.toArray();
    expect(rows).toHaveLength(2);
    expect(rows.every((row) => row.terms!.length > 10)).toBe(true);
    const raw = rawAt();
    expect(await raw.table('wordSeals').count()).toBe(2);
    raw.close();
  });
});
