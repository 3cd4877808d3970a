import type { Table } from 'dexie';
import type { LibraryDatabase } from './db';
import type { ImageRef, PageRecord, SightingRecord, SnapshotBody, SnapshotRecord } from './records';

/** Pages, most recently saved first; reads no bodies. */
export function recentPages(db: LibraryDatabase, limit: number, offset = 0): Promise<PageRecord[]> {
  return db.pages.orderBy('lastSavedAt').reverse().offset(offset).limit(limit).toArray();
}

/**
 * The rows of these pages in a table indexed by `pageUrl`, page by page in the order given: one
 * exact lookup per address, sent together. Not anyOf, which walks a range: a protected library's
 * index holds keyed addresses, which answer exact lookups only (sealed-tables.ts).
 */
export async function rowsOfPages<T, K, I>(table: Table<T, K, I>, urls: string[]): Promise<T[]> {
  return (await Promise.all(urls.map((url) => table.where('pageUrl').equals(url).toArray()))).flat();
}

/** The tags in use, in the user's alphabetical order (an index of keyed tags holds no order). */
export async function tagsInUse(db: LibraryDatabase): Promise<string[]> {
  const tags = (await db.pages.orderBy('tags').uniqueKeys()) as string[];
  return tags.sort(new Intl.Collator(undefined, { sensitivity: 'base' }).compare);
}

export function pageByUrl(db: LibraryDatabase, url: string): Promise<PageRecord | undefined> {
  return db.pages.get(url);
}

/** A page's versions, oldest first. */
export function snapshotsOf(db: LibraryDatabase, pageUrl: string): Promise<SnapshotRecord[]> {
  return db.snapshots.where('[pageUrl+capturedAt]').between([pageUrl, -Infinity], [pageUrl, Infinity]).toArray();
}

export interface SavedCopy {
  snapshot: SnapshotRecord;
  body: SnapshotBody;
  page: PageRecord | undefined;
  /** The kept images' bytes, by the address they were saved from. */
  images: Map<string, Blob>;
}

/** One snapshot with its body and image bytes, for reading. */
export async function savedCopy(db: LibraryDatabase, snapshotId: string): Promise<SavedCopy | undefined> {
  return db.transaction('r', [db.snapshots, db.bodies, db.pages, db.assets], async () => {
    const snapshot = await db.snapshots.get(snapshotId);
    const body = await db.bodies.get(snapshotId);
    if (!snapshot || !body) return undefined;
    const kept = snapshot.images.filter((ref): ref is Extract<ImageRef, { hash: string }> => 'hash' in ref);
    const assets = await db.assets.bulkGet(kept.map((ref) => ref.hash));
    const images = new Map<string, Blob>();
    kept.forEach((ref, i) => {
      const asset = assets[i];
      if (asset) images.set(ref.url, asset.blob);
    });
    return { snapshot, body, page: await db.pages.get(snapshot.pageUrl), images };
  });
}

export interface PageHistory {
  page: PageRecord;
  /** Oldest first. */
  snapshots: SnapshotRecord[];
  /** Every save of the page, oldest first: new versions and re-checks. */
  sightings: SightingRecord[];
}

/** A page's versions and the timeline of its saves; reads no bodies. */
export async function pageHistory(db: LibraryDatabase, pageUrl: string): Promise<PageHistory | undefined> {
  return db.transaction('r', [db.pages, db.snapshots, db.sightings], async () => {
    const page = await db.pages.get(pageUrl);
    if (!page) return undefined;
    const snapshots = (await snapshotsOf(db, pageUrl)).sort((a, b) => a.version - b.version);
    const sightings = await db.sightings.where('pageUrl').equals(pageUrl).sortBy('at');
    return { page, snapshots, sightings };
  });
}
