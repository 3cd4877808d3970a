import { viewOf, type LibraryLock, type LockState, type LockView } from '../safety/library-lock';
import type { LibraryDatabase } from './db';
import { DATABASE_NAME } from './db';
import { convertLibrary } from './protect-library';
import { copyDatabase, deleteDatabase, fillDatabase, STAGING_DATABASE } from './rewrite-library';

/** How often, at most, the progress of turning protection on or off is told to the pages. */
const PROGRESS_EVERY_MS = 250;
/** Written into the staging database before it is deleted (rewrite-library.ts, fillDatabase). */
const FILLER_MEGABYTES = 48;

export interface FollowDeps {
  db: LibraryDatabase;
  lock: LibraryLock;
  /** Keep the background running while the work lasts (utils/save/keep-awake.ts). */
  keepAwake: <T>(work: Promise<T>) => Promise<T>;
  /** The browser's IndexedDB, for rewriting the library from a copy (utils/store/rewrite-library.ts). */
  indexedDB: IDBFactory;
  keyRange?: typeof IDBKeyRange;
  /** Megabytes written into the staging database before it is deleted (rewrite-library.ts, fillDatabase). */
  fillerMegabytes?: number;
  /** The library was just locked: nothing of it may stay on show (the toolbar badge). */
  onLocked: () => void;
  /** The library can be read again: the work it held back (indexing, images, checks) goes on. */
  onOpened: () => void;
  /** Take in the copies saved while locked (locked-saves.ts): done before protection is removed, whose keys alone open them. */
  takeIn?: () => Promise<unknown>;
  now?: () => number;
}

/**
 * The background's part in protection (issue 25): when a page has turned protection on or off
 * (the record says 'sealing' or 'opening') and the key is held, convert the library in place,
 * telling the pages how far it has gone; at every start, go on with a conversion a stop cut short
 * (convertLibrary passes over the rows already done). A conversion the lock interrupts fails
 * without harm and goes on at the next unlock or start. Answers the conversion running now, if any,
 * and how to stop following (a context going away).
 */
export function followProtection(deps: FollowDeps): { running: () => Promise<void> | null; stop: () => void } {
  const now = deps.now ?? Date.now;
  let running: Promise<void> | null = null;
  let last: LockView | undefined;

  const convert = async (toSealed: boolean) => {
    const started = deps.lock.state.record;
    if (!toSealed) await deps.takeIn?.();
    // A rewrite under way means every row is sealed already, and the library may be mid-copy.
    if (!started?.rewrite) {
      let toldAt = 0;
      await convertLibrary(deps.db, toSealed, ({ done, total }) => {
        if (now() - toldAt < PROGRESS_EVERY_MS && done < total) return;
        toldAt = now();
        void deps.lock.setProgress({ toSealed, done, total });
      });
    }
    if (toSealed) await rewrite();
    else if (deps.lock.state.record?.state === 'opening') await deps.lock.setRecord(null);
    await deps.lock.setProgress(null);
  };

  /**
   * Every row sealed: the database copied out and back (rewrite-library.ts), so that the plain rows
   * leave the files. Each step is recorded before the next begins, so that a stop goes on from it.
   */
  const rewrite = async () => {
    const record = () => {
      const now = deps.lock.state.record;
      if (now?.state !== 'sealing') throw new Error('protection changed while the library was being rewritten');
      return now;
    };
    if (record().rewrite !== 'to-library') {
      await deps.lock.setRecord({ ...record(), rewrite: 'to-staging' });
      await copyDatabase(deps.indexedDB, DATABASE_NAME, STAGING_DATABASE, deps.keyRange);
      await deps.lock.setRecord({ ...record(), rewrite: 'to-library' });
    }
    // Closed here, so that the deletion waits for no one; opened again at the next request.
    deps.db.close({ disableAutoOpen: false });
    await copyDatabase(deps.indexedDB, STAGING_DATABASE, DATABASE_NAME, deps.keyRange);
    // Protection is on once the staging copy is gone too: a stop before goes on from the copy back.
    await fillDatabase(deps.indexedDB, STAGING_DATABASE, deps.fillerMegabytes ?? FILLER_MEGABYTES);
    await deleteDatabase(deps.indexedDB, STAGING_DATABASE);
    const { rewrite: _done, ...on } = record();
    await deps.lock.setRecord({ ...on, state: 'on' });
  };

  /** A conversion that failed is not tried again at every change it makes itself: only at the next unlock or start. */
  let halted = false;

  const react = (state: LockState) => {
    const view = viewOf(state);
    if (view !== 'converting') halted = false;
    if (view === 'converting' && !running && !halted) {
      const toSealed = state.record!.state === 'sealing';
      running = deps
        .keepAwake(convert(toSealed))
        .catch((error) => {
          halted = true;
          console.error('Samizdat: turning protection on or off stopped; it goes on at the next unlock or start', error);
          // Said where the progress is shown, in words: the pages are waiting for it.
          return deps.lock.setProgress({ toSealed, done: 0, total: 0, stopped: String(error) }).catch(() => undefined);
        })
        .finally(() => (running = null));
    }
    const readable = (v: LockView | undefined) => v === 'plain' || v === 'unlocked';
    if (last === undefined) {
      // Started (the worker woken, often by the unlock itself) with the library unlocked: what
      // the unlock lets go on (the copies saved while locked) goes on now.
      if (view === 'unlocked') deps.onOpened();
    } else if (view !== last) {
      if (view === 'locked') deps.onLocked();
      if (readable(view) && !readable(last)) deps.onOpened();
    }
    last = view;
  };
  const stop = deps.lock.subscribe(react);
  void deps.lock.load().then(react);
  return { running: () => running, stop };
}
