import type { LibraryDatabase } from '../store/db';
import { rowTerms, type VocabularyRow } from '../store/records';
import { isSealed } from '../store/sealed-tables';

/**
 * A protected library's list of its words, for the prefix of the last word typed. Its index holds
 * keyed words (utils/store/sealed-tables.ts), which answer an exact lookup and no range, so the
 * words a prefix begins cannot be read from it; they are read from here, one sealed row per first
 * two letters, and then looked up exactly, as a plain library looks them up in its index. Written
 * as search rows are indexed (indexQueued), so it holds every word of every indexed row; a word of
 * a deleted page stays in it until protection is turned off (finding it then finds no page).
 * A plain library keeps no list: its index answers prefixes itself.
 */

/** A word's first two letters (code points): one sealed row holds the words that begin so. */
export function bucketOf(word: string): string {
  return Array.from(word).slice(0, 2).join('');
}

/** Whether this library keeps a list of its words: a protected one. */
export function keepsVocabulary(db: LibraryDatabase): boolean {
  return isSealed(db.words);
}

/** Adds words to the list. Call inside a transaction that includes `db.vocabulary`, in a protected library. */
export async function addToVocabulary(db: LibraryDatabase, words: Iterable<string>): Promise<void> {
  const byBucket = new Map<string, Set<string>>();
  for (const word of words) {
    const bucket = bucketOf(word);
    if (!byBucket.has(bucket)) byBucket.set(bucket, new Set());
    byBucket.get(bucket)!.add(word);
  }
  if (!byBucket.size) return;
  const buckets = [...byBucket.keys()];
  const rows = await db.vocabulary.bulkGet(buckets);
  const changed: VocabularyRow[] = [];
  buckets.forEach((bucket, i) => {
    const known = new Set(rows[i]?.words ?? []);
    const before = known.size;
    for (const word of byBucket.get(bucket)!) known.add(word);
    if (known.size !== before) changed.push({ bucket, words: [...known].sort() });
  });
  if (changed.length) await db.vocabulary.bulkPut(changed);
}

/**
 * The words of a protected library that `prefix` begins, sorted; null when there are more than
 * `limit` (a prefix too common to look up word by word), or when the prefix is a single letter,
 * whose words would fill many rows. Call inside a transaction that includes `db.vocabulary`.
 */
export async function wordsBeginning(db: LibraryDatabase, prefix: string, limit: number): Promise<string[] | null> {
  if (Array.from(prefix).length < 2) return null;
  const row = await db.vocabulary.get(bucketOf(prefix));
  const words = (row?.words ?? []).filter((word) => word.startsWith(prefix));
  return words.length > limit ? null : words;
}

/** Rows read per step while the list is made. */
const CHUNK = 200;

/**
 * The list made from every search row of a library just protected (utils/store/protect-library.ts),
 * a chunk of rows per transaction. Run again after a stop, it adds what is missing.
 */
export async function makeVocabulary(db: LibraryDatabase): Promise<void> {
  let after = -Infinity;
  for (;;) {
    const last = await db.transaction('rw', [db.words, db.vocabulary], async () => {
      const rows = await db.words.where(':id').above(after).limit(CHUNK).toArray();
      await addToVocabulary(db, rows.flatMap(rowTerms));
      return rows.length < CHUNK ? null : rows.at(-1)!.key;
    });
    if (last === null) return;
    after = last;
  }
}
