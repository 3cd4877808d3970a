/** The background (a playwright Worker) or any extension page: both share the extension's database. */
export interface ExtensionContext {
  evaluate<R>(fn: () => R | Promise<R>): Promise<R>;
}

/**
 * Every row of the library as the extension stored it, read in its background (or one of its pages) with plain
 * IndexedDB: image bytes as their SHA-256, sighting ids left out (they are local counters), the
 * signing key left out (each profile has its own). Two libraries are the same when these are equal.
 */
export function dumpLibrary(worker: ExtensionContext) {
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
    // A row's terms, indexed or still queued (utils/store/records.ts): the same row either way.
    const search = (await all('words')).map(({ queued: _queued, queuedTerms, terms, ...row }) => ({ ...row, terms: terms ?? queuedTerms }));
    // Copies whose images are still to download (schema 6), without the count of attempts made.
    const imageQueue = (await all('imageQueue')).map(({ snapshotId }) => snapshotId).sort();
    const dump = { pages: await all('pages'), snapshots: await all('snapshots'), bodies: await all('bodies'), sightings, search, assets, imageQueue };
    db.close();
    return dump;
  });
}

/**
 * How many rows a table holds, or an index of it (under `key`, if given), read with plain
 * IndexedDB in the background or any extension page.
 */
export function countRows(worker: ExtensionContext, where: { store: string; index?: string; key?: string | number }): Promise<number> {
  const count = ({ store, index, key }: typeof where) =>
    new Promise<number>((resolve, reject) => {
      const open = indexedDB.open('samizdat');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const table = open.result.transaction(store).objectStore(store);
        const request = (index ? table.index(index) : table).count(key);
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          open.result.close();
          resolve(request.result);
        };
      };
    });
  // The question is written into the function evaluated there: both drivers send its source.
  return worker.evaluate(new Function(`return (${count.toString()})(${JSON.stringify(where)});`) as () => Promise<number>);
}

/** Every row of one table, read with plain IndexedDB in the background or any extension page. */
export function rowsOf<T = Record<string, unknown>>(worker: ExtensionContext, store: string): Promise<T[]> {
  const read = (name: string) =>
    new Promise<T[]>((resolve, reject) => {
      const open = indexedDB.open('samizdat');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const request = open.result.transaction(name).objectStore(name).getAll();
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          open.result.close();
          resolve(request.result as T[]);
        };
      };
    });
  // As countRows: the question is written into the function evaluated there.
  return worker.evaluate(new Function(`return (${read.toString()})(${JSON.stringify(store)});`) as () => Promise<T[]>);
}

/** How many search rows wait to be indexed (utils/store/search-rows.ts). */
export const queuedRows = (worker: ExtensionContext) => countRows(worker, { store: 'words', index: 'queued' });

/** How many saved copies still wait for images to download (utils/save/save-tab.ts, completeImages). */
export const copiesAwaitingImages = (worker: ExtensionContext) => countRows(worker, { store: 'imageQueue' });

/** How many pages the library holds. */
export const countPages = (worker: ExtensionContext) => countRows(worker, { store: 'pages' });

type Dump = Awaited<ReturnType<typeof dumpLibrary>>;

/**
 * Every way the library could be half-written: a page without its newest copy, a copy without its
 * page, text or images, a copy with images still to download that nothing will download (not in
 * the queue), a timeline entry, search row or queue row without what it points at, image bytes no
 * copy uses. Empty when every save in it is whole.
 */
export function brokenRecords(dump: Dump): string[] {
  const pages = new Set(dump.pages.map((p: { url: string }) => p.url));
  const snapshots = new Set(dump.snapshots.map((s: { id: string }) => s.id));
  const bodies = new Set(dump.bodies.map((b: { snapshotId: string }) => b.snapshotId));
  const assets = new Set(dump.assets.map((a: { hash: string }) => a.hash));
  const searched = new Set(dump.search.map((r: { pageUrl: string }) => r.pageUrl));
  const used = new Set<string>();
  const broken: string[] = [];
  for (const page of dump.pages) {
    if (!snapshots.has(page.latestSnapshotId)) broken.push(`page ${page.url} without its copy ${page.latestSnapshotId}`);
    if (!searched.has(page.url)) broken.push(`page ${page.url} without its search row`);
    if (!dump.sightings.some((s: { pageUrl: string }) => s.pageUrl === page.url)) broken.push(`page ${page.url} without a timeline`);
  }
  for (const snapshot of dump.snapshots) {
    if (!pages.has(snapshot.pageUrl)) broken.push(`copy ${snapshot.id} without its page`);
    if (!bodies.has(snapshot.id)) broken.push(`copy ${snapshot.id} without its text`);
    for (const image of snapshot.images) {
      if ('hash' in image) {
        used.add(image.hash);
        if (!assets.has(image.hash)) broken.push(`copy ${snapshot.id} without its image ${image.url}`);
      }
    }
    const pending = snapshot.images.some((image: { missing?: string }) => image.missing === 'pending');
    if (pending && !dump.imageQueue.includes(snapshot.id)) broken.push(`copy ${snapshot.id} with images to download, not in the queue`);
  }
  for (const queued of dump.imageQueue) if (!snapshots.has(queued)) broken.push(`queued images of a missing copy ${queued}`);
  for (const body of dump.bodies) if (!snapshots.has(body.snapshotId)) broken.push(`text of a missing copy ${body.snapshotId}`);
  for (const sighting of dump.sightings) if (!snapshots.has(sighting.snapshotId)) broken.push(`timeline entry for a missing copy ${sighting.snapshotId}`);
  for (const row of dump.search) if (!pages.has(row.pageUrl)) broken.push(`search row for a missing page ${row.pageUrl}`);
  for (const asset of dump.assets) if (!used.has(asset.hash)) broken.push(`image bytes no copy uses: ${asset.url}`);
  return broken;
}
