import type { LibraryDatabase } from './db';
import { indexQueued } from './search-rows';

/** The indexing under way in this page or worker, and whether rows were queued since it began. */
let running: Promise<void> | null = null;
let again = false;

/**
 * Index the library's queued search rows (utils/store/search-rows.ts) without making anyone wait:
 * called by the background after a save and when its worker starts, and by the library page after
 * an import. One run at a time in a page or worker (each has one library); a call made during a
 * run makes it look again when it ends, so a row queued by a save meanwhile is not left for the
 * next start. `around` wraps the work (the worker keeps itself awake with it). Failures are
 * logged: the rows stay queued, still found, and are indexed next time.
 */
export function indexInBackground(db: LibraryDatabase, around: (work: Promise<void>) => Promise<void> = (work) => work): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  const work = (async () => {
    do {
      again = false;
      await indexQueued(db);
    } while (again);
  })();
  running = around(work)
    .catch((error) => console.error('Samizdat: could not index the last saves for search yet; they are still found, and indexed later', error))
    .finally(() => {
      running = null;
    });
  return running;
}
