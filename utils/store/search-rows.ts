import { freeKey, keyFits, keyRange } from '../search/search-key';
import type { LibraryDatabase } from './db';
import { rowTerms, type SearchRow } from './records';
import { addToVocabulary, keepsVocabulary } from '../search/vocabulary';

/**
 * The one writer of search rows: what a page is found by, the words of its newest copy, keyed by
 * its last save (utils/search/search-key.ts). Call inside a transaction that includes `db.words`.
 * A page has one row; when its last save moves to another millisecond, so does its key.
 *
 * Rows are written queued (records.ts, `SearchRow`): one plain write, where an indexed row cost an
 * index entry per term (6 ms of a 35 ms save, 4 of an import's 9 ms a page: docs/BENCHMARKS.md).
 * `indexQueued` indexes them afterwards; a search reads the queued ones as well.
 *
 * `taken` holds keys given out in the same transaction but not yet written (an import writes many
 * rows at once): each key is chosen and marked in one synchronous step after the last await, so
 * rows written side by side never share one.
 */
export async function writeSearchRow(
  db: LibraryDatabase,
  page: { url: string; lastSavedAt: number },
  words: { snapshotId: string; terms: string[] },
  taken: Set<number> = new Set(),
): Promise<number> {
  const row = await db.words.where('pageUrl').equals(page.url).first();
  const current = row?.key;
  if (keyFits(current, page.lastSavedAt)) {
    // The same copy seen again: its row, indexed or queued, stays as it is.
    if (row!.snapshotId !== words.snapshotId) await db.words.put(queuedRow(current!, page.url, words));
    return current!;
  }
  if (current !== undefined) await db.words.delete(current);
  for (let savedAt = page.lastSavedAt; ; savedAt--) {
    const [first, last] = keyRange(savedAt);
    const used = new Set((await db.words.where(':id').between(first, last, true, true).primaryKeys()) as number[]);
    const key = freeKey(page.url, savedAt, (k) => used.has(k) || taken.has(k));
    if (key === null) continue;
    taken.add(key);
    await db.words.put(queuedRow(key, page.url, words));
    return key;
  }
}

/**
 * Rows for pages that have none (an import's new pages), written together: their keys come from
 * one read of the keys in use around their save times, then one bulk write. Written one by one,
 * an import's rows cost 6 ms each: three requests, and Dexie's change tracking, which walks every
 * word of a row written alone (it skips bulk writes of fifty rows or more).
 */
export async function addSearchRows(db: LibraryDatabase, rows: { page: { url: string; lastSavedAt: number }; snapshotId: string; terms: string[] }[], taken: Set<number> = new Set()): Promise<void> {
  if (!rows.length) return;
  // A row left behind by its page (there should be none) would hold the address: it finds nothing.
  // One exact lookup per address, sent together, not anyOf: a protected library's index holds
  // keyed addresses, which answer an exact lookup and no range (utils/store/sealed-tables.ts).
  const stale = (await Promise.all(rows.map((row) => db.words.where('pageUrl').equals(row.page.url).primaryKeys()))).flat() as number[];
  if (stale.length) await db.words.bulkDelete(stale);
  const used = new Set((await db.words.where(':id').inAnyRange(rows.map((row) => keyRange(row.page.lastSavedAt)), { includeUppers: true }).primaryKeys()) as number[]);
  const fresh: SearchRow[] = [];
  const crowded: typeof rows = [];
  for (const row of rows) {
    const key = freeKey(row.page.url, row.page.lastSavedAt, (k) => used.has(k) || taken.has(k));
    // All 2,048 keys of the millisecond taken: the one-by-one writer looks further back.
    if (key === null) crowded.push(row);
    else {
      taken.add(key);
      fresh.push(queuedRow(key, row.page.url, row));
    }
  }
  await db.words.bulkAdd(fresh);
  for (const row of crowded) await writeSearchRow(db, row.page, row, taken);
}

/** Move a page's row to its last save's key, its words unchanged (an import moved the date). */
export async function moveSearchRow(db: LibraryDatabase, page: { url: string; lastSavedAt: number }, taken?: Set<number>): Promise<void> {
  const row = await db.words.where('pageUrl').equals(page.url).first();
  if (row && !keyFits(row.key, page.lastSavedAt)) await writeSearchRow(db, page, { snapshotId: row.snapshotId, terms: rowTerms(row) }, taken);
}

/** A page's row, for Undo to put back. */
export async function searchRowOf(db: LibraryDatabase, pageUrl: string): Promise<SearchRow | undefined> {
  return db.words.where('pageUrl').equals(pageUrl).first();
}

/**
 * Put back rows a deletion removed or replaced, exactly. A row's key is reused unless another page
 * took it meanwhile (a page saved in the same millisecond, imported since): then it gets a new one.
 */
export async function restoreSearchRows(db: LibraryDatabase, rows: SearchRow[], pages: { url: string; lastSavedAt: number }[]): Promise<void> {
  for (const row of rows) {
    const holder = await db.words.get(row.key);
    const page = pages.find((p) => p.url === row.pageUrl);
    if (!holder || holder.pageUrl === row.pageUrl) {
      // The page's row, if one was written after the deletion, makes way: one row per page.
      await db.words.where('pageUrl').equals(row.pageUrl).delete();
      await db.words.put(row);
    } else if (page) {
      await writeSearchRow(db, page, { snapshotId: row.snapshotId, terms: rowTerms(row) });
    }
  }
}

function queuedRow(key: number, pageUrl: string, words: { snapshotId: string; terms: string[] }): SearchRow {
  return { key, pageUrl, snapshotId: words.snapshotId, queued: 1, queuedTerms: words.terms };
}

/**
 * Rows indexed per transaction. Each indexed term costs Chromium about 8 µs, so fifty rows of a
 * few hundred terms hold the database for a fraction of a second, and a save made meanwhile waits
 * no longer than that. Fifty or more is also where Dexie stops walking each row's terms for its
 * change tracking.
 */
const INDEX_CHUNK = 50;

/**
 * Queued rows from which the library says that searching is slower until they are indexed: every
 * search reads each queued row (about 70 µs a row in Chromium: 116 ms with 1,000 queued, 759 ms
 * with 10,000, docs/BENCHMARKS.md), so below a few hundred no one notices, and a save's one row,
 * indexed a few milliseconds later, never shows it. Only a large import queues this many.
 */
export const SLOW_SEARCH_QUEUE = 400;

/** How many search rows wait to be indexed. */
export function queuedRowCount(db: LibraryDatabase): Promise<number> {
  return db.words.where('queued').equals(1).count();
}

/**
 * Index the queued search rows, a chunk per transaction, until none is left; returns how many.
 * Each chunk is read and rewritten in one transaction, so a row saved again meanwhile is never
 * overwritten with older terms, and two pages indexing at once only repeat each other's work.
 * Stopping part-way (the page closed, the worker stopped) leaves the rest queued and still found.
 */
export async function indexQueued(db: LibraryDatabase): Promise<number> {
  let indexed = 0;
  // A protected library also lists the words it indexes, for prefixes (utils/search/vocabulary.ts);
  // whether it is one is known once the library is open.
  await db.open();
  const listing = keepsVocabulary(db);
  for (;;) {
    const count = await db.transaction('rw', listing ? [db.words, db.vocabulary] : [db.words], async () => {
      const rows = await db.words.where('queued').equals(1).limit(INDEX_CHUNK).toArray();
      await db.words.bulkPut(rows.map(({ queued: _q, queuedTerms, ...row }) => ({ ...row, terms: queuedTerms ?? [] })));
      if (listing) await addToVocabulary(db, rows.flatMap((row) => row.queuedTerms ?? []));
      return rows.length;
    });
    indexed += count;
    if (count < INDEX_CHUNK) return indexed;
  }
}
