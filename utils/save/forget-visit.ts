import type { LibraryDatabase } from '../store/db';

/**
 * "Remove each page I save from the browser's history": whoever opens the browser's history on a
 * searched laptop should not find there the list of articles the library keeps. Off unless the
 * user turns it on in Settings, which asks for the optional `history` permission in that click.
 * The visit leaves the history only; the browser's cache, the tab's Back button, "Recently
 * closed" and any synchronised history are the browser's (docs/SECURITY.md says so).
 */

/** The row of `settings` that holds the choice. */
export const FORGET_VISITS = 'forgetVisits';

export async function forgetsVisits(db: LibraryDatabase): Promise<boolean> {
  return (await db.settings.get(FORGET_VISITS))?.value === true;
}

export async function setForgetsVisits(db: LibraryDatabase, value: boolean): Promise<void> {
  await db.settings.put({ name: FORGET_VISITS, value });
}

/** The one call of the browser's history used: every visit of an address, removed. */
export interface HistoryRemoval {
  deleteUrl: (details: { url: string }) => Promise<void>;
}

/**
 * Removes every visit of the addresses a save leaves in the history: the tab's address as it was
 * loaded (with its fragment, as the history keeps it, and without), and the article's own
 * address when the page named another. Only web addresses; each once.
 */
export async function forgetVisit(history: HistoryRemoval, addresses: Array<string | undefined>): Promise<string[]> {
  const forgotten = new Set<string>();
  for (const address of addresses) {
    if (!address || !/^https?:/i.test(address)) continue;
    forgotten.add(address);
    forgotten.add(address.replace(/#.*$/, ''));
  }
  for (const url of forgotten) await history.deleteUrl({ url });
  return [...forgotten];
}
