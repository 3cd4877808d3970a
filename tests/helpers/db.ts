import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { LibraryDatabase } from '../../utils/store/db';
import { libraryKeys, newLibraryKey } from '../../utils/safety/library-key';
import { sealingMiddleware } from '../../utils/store/sealed-tables';

/**
 * A fresh, empty library in memory. With SAMIZDAT_SEALED=1 it is stored sealed
 * (utils/store/sealed-tables.ts), unlocked: the store tests then say what the protected library's
 * wiring still has to change (docs/SECURITY.md, "A protected library: the design").
 */
export function freshLibrary(): LibraryDatabase {
  const db = new LibraryDatabase('samizdat-test', { indexedDB: new IDBFactory(), IDBKeyRange });
  if (process.env.SAMIZDAT_SEALED) {
    const keys = libraryKeys(newLibraryKey());
    db.use(sealingMiddleware(() => keys));
  }
  return db;
}
