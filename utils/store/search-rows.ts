import { freeKey, keyFits, keyRange } from '../search/search-key';
import type { LibraryDatabase } from './db';
import type { SearchRow } from './records';

/**
 * The one writer of search rows: what a page is found by, the words of its newest copy, keyed by
 * its last save (utils/search/search-key.ts). Call inside a transaction that includes `db.words`.
 * A page has one row; when its last save moves to another millisecond, so does its key.
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
  const [current] = (await db.words.where('pageUrl').equals(page.url).primaryKeys()) as number[];
  if (keyFits(current, page.lastSavedAt)) {
    await db.words.put({ key: current, pageUrl: page.url, snapshotId: words.snapshotId, terms: words.terms });
    return current;
  }
  if (current !== undefined) await db.words.delete(current);
  for (let savedAt = page.lastSavedAt; ; savedAt--) {
    const [first, last] = keyRange(savedAt);
    const used = new Set((await db.words.where(':id').between(first, last, true, true).primaryKeys()) as number[]);
    const key = freeKey(page.url, savedAt, (k) => used.has(k) || taken.has(k));
    if (key === null) continue;
    taken.add(key);
    await db.words.put({ key, pageUrl: page.url, snapshotId: words.snapshotId, terms: words.terms });
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
  const stale = (await db.words.where('pageUrl').anyOf(rows.map((row) => row.page.url)).primaryKeys()) as number[];
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
      fresh.push({ key, pageUrl: row.page.url, snapshotId: row.snapshotId, terms: row.terms });
    }
  }
  await db.words.bulkAdd(fresh);
  for (const row of crowded) await writeSearchRow(db, row.page, row, taken);
}

/** Move a page's row to its last save's key, its words unchanged (an import moved the date). */
export async function moveSearchRow(db: LibraryDatabase, page: { url: string; lastSavedAt: number }, taken?: Set<number>): Promise<void> {
  const row = await db.words.where('pageUrl').equals(page.url).first();
  if (row && !keyFits(row.key, page.lastSavedAt)) await writeSearchRow(db, page, row, taken);
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
      await writeSearchRow(db, page, row);
    }
  }
}
