import type { Worker } from 'playwright-core';

/**
 * Every row of the library as the extension stored it, read in its background with plain
 * IndexedDB: image bytes as their SHA-256, sighting ids left out (they are local counters), the
 * signing key left out (each profile has its own). Two libraries are the same when these are equal.
 */
export function dumpLibrary(worker: Worker) {
  return worker.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('samizdat');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => resolve(open.result);
    });
    const all = (store: string) =>
      new Promise<any[]>((resolve, reject) => {
        const request = db.transaction(store).objectStore(store).getAll();
        request.onerror = () => reject(request.error);
        request.onsuccess = () => resolve(request.result);
      });
    const hex = async (blob: Blob) => Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer())), (b) => b.toString(16).padStart(2, '0')).join('');
    const assets = await Promise.all((await all('assets')).map(async ({ blob, ...rest }) => ({ ...rest, bytes: await hex(blob) })));
    const sightings = (await all('sightings')).map(({ id: _id, ...rest }) => rest).sort((a, b) => a.at - b.at || (a.snapshotId < b.snapshotId ? -1 : 1));
    const dump = { pages: await all('pages'), snapshots: await all('snapshots'), bodies: await all('bodies'), sightings, search: await all('search'), assets };
    db.close();
    return dump;
  });
}

/** How many pages the library holds, read in the background. */
export function countPages(worker: Worker): Promise<number> {
  return worker.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('samizdat');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const count = open.result.transaction('pages').objectStore('pages').count();
          count.onsuccess = () => {
            open.result.close();
            resolve(count.result);
          };
        };
      }),
  );
}
