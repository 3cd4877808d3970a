import type { LibraryDatabase } from './db';
import { makeVocabulary } from '../search/vocabulary';
import { convertRows, KEYED_FIELDS } from './sealed-tables';

/** Rows per transaction: each step holds the database a moment, and a stop loses at most one. */
const CHUNK = 100;

export interface ProtectProgress {
  /** The table being converted, and how far through the whole library the run is. */
  table: string;
  done: number;
  total: number;
}

/**
 * Seal every row of the library in place (toSealed), or open every row again, a chunk of rows per
 * transaction: in each, a row's new form is written and its old form deleted together, so no row
 * is ever in neither form and a stop loses nothing. Rows already in the wanted form are passed
 * over, so a run stopped part-way (the browser closed, the worker stopped) goes on where it was
 * when started again. Then a protected library's list of words is made (utils/search/vocabulary.ts),
 * or an opened one's cleared. `db` must be opened with the sealing middleware, unlocked. Answers
 * how many rows this run changed.
 */
export async function convertLibrary(db: LibraryDatabase, toSealed: boolean, onProgress?: (progress: ProtectProgress) => void): Promise<number> {
  // An opened library needs no list of its words: it goes first, never written out in the clear.
  if (!toSealed) await db.vocabulary.clear();
  const tables = Object.keys(KEYED_FIELDS).map((name) => db.table(name));
  // Counting needs no key: a count of a whole table reads no record.
  const counts = await Promise.all(tables.map((table) => table.count()));
  const total = counts.reduce((sum, count) => sum + count, 0);
  let done = 0;
  let converted = 0;
  for (const table of tables) {
    // A row this run made may come again later in the walk (its key changed): it is not counted twice.
    const made = new Set<string>();
    let after: unknown;
    for (;;) {
      const step = await db.transaction('rw', table, (tx) => convertRows(table, tx.idbtrans as unknown as Parameters<typeof convertRows>[1], toSealed, after, CHUNK));
      step.made.forEach((key) => made.add(JSON.stringify(key)));
      done += step.converted + step.passed.filter((key) => !made.has(JSON.stringify(key))).length;
      converted += step.converted;
      onProgress?.({ table: table.name, done, total });
      if (step.read < CHUNK) break;
      after = step.last;
    }
  }
  // A protected library lists its words for prefixes (a plain one's index answers them itself).
  if (toSealed) await makeVocabulary(db);
  return converted;
}
