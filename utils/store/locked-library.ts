import type { LibraryLock } from '../safety/library-lock';
import { keyedWordChars } from '../safety/protection';
import type { LibraryDatabase } from './db';
import { APART_FIELDS, KEYED_FIELDS, sealingMiddleware } from './sealed-tables';

/**
 * Bind a library to its lock: every request goes through the sealing middleware, which passes it
 * through while the library is not protected and seals, opens or refuses it (locked) while it is.
 * The lock's state is read before the first request: Dexie waits for a `ready` subscriber's
 * promise before it lets any other request through.
 */
export function bindToLock(db: LibraryDatabase, lock: LibraryLock): LibraryDatabase {
  db.use(sealingMiddleware(() => lock.state.keys, KEYED_FIELDS, () => lock.state.record !== null, APART_FIELDS, () => keyedWordChars(lock.state.record)));
  db.on('ready', () => lock.load().then(() => undefined));
  return db;
}
