/**
 * Rewrite the whole library database from a copy, so that what it held before is gone from the
 * browser's files too (issue 25; docs/SECURITY.md). Sealing rows in place leaves their plain forms
 * in the files until the database engine reclaims them: Chromium's LevelDB keeps them in older
 * tables that later writes to other rows never touch (seen in the end-to-end test: every title still
 * in a table file after the library was sealed and 48 MB more written). Deleting a database is what
 * makes both engines drop it: Chromium compacts the deleted database's whole key range at once,
 * Firefox deletes its SQLite file. So, once every row is sealed: copy the database as it is stored
 * (sealed rows, byte for byte) to a staging database, delete the library, copy the staging database
 * back under the library's name, delete the staging database. At every moment each row is complete
 * in one of the two, and each step can be run again from its start after a stop.
 *
 * Raw IndexedDB, not Dexie: rows are copied as stored, without opening or sealing them.
 */

export const STAGING_DATABASE = 'samizdat-rewrite';
/** Rows per transaction when copying: each step holds a database a moment. */
const CHUNK = 200;

interface StoreShape {
  name: string;
  keyPath: string | string[] | null;
  autoIncrement: boolean;
  indexes: { name: string; keyPath: string | string[]; unique: boolean; multiEntry: boolean }[];
}

const done = <T>(request: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

const finished = (tx: IDBTransaction): Promise<void> =>
  new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });

/** Open a database as it is (no upgrade); undefined if it does not exist (and nothing is made). */
async function openExisting(factory: IDBFactory, name: string): Promise<IDBDatabase | undefined> {
  let made = false;
  const request = factory.open(name);
  request.onupgradeneeded = () => {
    // No such database: opening made an empty one at version 1, which is dropped at once.
    made = true;
    request.transaction!.abort();
  };
  try {
    return await done(request);
  } catch (error) {
    if (made) return undefined;
    throw error;
  }
}

export function deleteDatabase(factory: IDBFactory, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = factory.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
    // Blocked: another page of the extension still holds it; Dexie closes on the versionchange
    // event it has been sent, and the deletion then goes on by itself.
  });
}

function shapeOf(db: IDBDatabase): StoreShape[] {
  const names = Array.from(db.objectStoreNames);
  if (!names.length) return [];
  const tx = db.transaction(names, 'readonly');
  return names.map((name) => {
    const store = tx.objectStore(name);
    return {
      name,
      keyPath: store.keyPath as string | string[] | null,
      autoIncrement: store.autoIncrement,
      indexes: Array.from(store.indexNames).map((index) => {
        const shape = store.index(index);
        return { name: index, keyPath: shape.keyPath as string | string[], unique: shape.unique, multiEntry: shape.multiEntry };
      }),
    };
  });
}

/** Open (making it if need be) a database of this version and these stores. */
async function openShaped(factory: IDBFactory, name: string, version: number, shape: StoreShape[]): Promise<IDBDatabase> {
  const request = factory.open(name, version);
  request.onupgradeneeded = () => {
    const db = request.result;
    for (const store of shape) {
      if (db.objectStoreNames.contains(store.name)) continue;
      const made = db.createObjectStore(store.name, { keyPath: store.keyPath, autoIncrement: store.autoIncrement });
      for (const index of store.indexes) made.createIndex(index.name, index.keyPath, { unique: index.unique, multiEntry: index.multiEntry });
    }
  };
  return done(request);
}

/**
 * Copy every row of `from` into `to`, made afresh with the same version and stores (any earlier
 * `to` is deleted first: a copy a stop cut short is started again). Answers the rows copied.
 */
export async function copyDatabase(factory: IDBFactory, from: string, to: string, keyRange: typeof IDBKeyRange = globalThis.IDBKeyRange): Promise<number> {
  const source = await openExisting(factory, from);
  if (!source) throw new Error(`copyDatabase: there is no database ${from}`);
  try {
    const shape = shapeOf(source);
    await deleteDatabase(factory, to);
    const target = await openShaped(factory, to, source.version, shape);
    try {
      let copied = 0;
      for (const store of shape) {
        let after: IDBValidKey | undefined;
        for (;;) {
          const read = source.transaction(store.name, 'readonly');
          const range = after === undefined ? undefined : keyRange.lowerBound(after, true);
          const [keys, values] = await Promise.all([done(read.objectStore(store.name).getAllKeys(range, CHUNK)), done(read.objectStore(store.name).getAll(range, CHUNK))]);
          if (!keys.length) break;
          const write = target.transaction(store.name, 'readwrite');
          const table = write.objectStore(store.name);
          keys.forEach((key, i) => (store.keyPath === null ? table.put(values[i], key) : table.put(values[i])));
          await finished(write);
          copied += keys.length;
          after = keys.at(-1);
          if (keys.length < CHUNK) break;
        }
      }
      return copied;
    } finally {
      target.close();
    }
  } finally {
    source.close();
  }
}

/**
 * Fill a database's first store with this many megabytes of random bytes. Chromium's LevelDB
 * writes a full write buffer (a few megabytes) out as a new table file, and merges table files
 * once a few have piled up, dropping what was deleted or overwritten in them: filling the staging
 * database before it is deleted pushes the library's old rows, kept until then in the same files,
 * through such a merge (docs/SECURITY.md). Rows of 32 KiB: Chromium keeps a value of more than
 * 64 KiB in a file of its own, outside LevelDB, where it would push nothing.
 */
export async function fillDatabase(factory: IDBFactory, name: string, megabytes: number): Promise<void> {
  const db = await openExisting(factory, name);
  if (!db) return;
  try {
    const [store] = Array.from(db.objectStoreNames);
    if (!store) return;
    const keyPath = db.transaction(store, 'readonly').objectStore(store).keyPath;
    const ROW = 32 * 1024;
    for (let mb = 0; mb < megabytes; mb++) {
      const tx = db.transaction(store, 'readwrite');
      for (let i = 0; i < (1024 * 1024) / ROW; i++) {
        // Random, so that no compression makes it small.
        const filler = crypto.getRandomValues(new Uint8Array(ROW));
        const key = `~filler-${mb}-${i}`;
        if (typeof keyPath === 'string') tx.objectStore(store).put({ [keyPath]: key, filler });
        else tx.objectStore(store).put({ filler }, key);
      }
      await finished(tx);
    }
  } finally {
    db.close();
  }
}
