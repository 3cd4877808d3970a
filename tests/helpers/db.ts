import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { LibraryDatabase } from '../../utils/store/db';

/** A fresh, empty library in memory. */
export function freshLibrary(): LibraryDatabase {
  return new LibraryDatabase('samizdat-test', { indexedDB: new IDBFactory(), IDBKeyRange });
}
