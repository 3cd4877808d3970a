import type { LibraryDatabase } from '../store/db';
import type { PageRecord } from '../store/records';

/** What to export: the whole library, or these pages (by key), as the library or popup chose them. */
export type PageSelection = { all: true } | { pages: string[] };

const BATCH = 100;

export async function countSelected(db: LibraryDatabase, selection: PageSelection): Promise<number> {
  return 'all' in selection ? db.pages.count() : selection.pages.length;
}

/** The selected pages in batches of a hundred, for readers that fetch a batch's rows at once. */
export async function* selectedBatches(db: LibraryDatabase, selection: PageSelection): AsyncIterable<PageRecord[]> {
  let batch: PageRecord[] = [];
  for await (const page of selectedPages(db, selection)) {
    batch.push(page);
    if (batch.length === BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/**
 * The selected pages, a hundred at a time in key order, so that a library of any size is walked
 * without being held in memory, and pages added meanwhile are neither skipped nor repeated.
 */
export async function* selectedPages(db: LibraryDatabase, selection: PageSelection): AsyncIterable<PageRecord> {
  if ('all' in selection) {
    let after: string | undefined;
    for (;;) {
      const batch = await (after === undefined ? db.pages.orderBy(':id') : db.pages.where(':id').above(after)).limit(BATCH).toArray();
      if (!batch.length) return;
      after = batch[batch.length - 1]!.url;
      yield* batch;
    }
  }
  for (let i = 0; i < selection.pages.length; i += BATCH) {
    const batch = await db.pages.bulkGet(selection.pages.slice(i, i + BATCH));
    for (const page of batch) if (page) yield page;
  }
}
