import type { LibraryDatabase } from './db';
import type { PageRecord, SnapshotBody, SnapshotRecord } from './records';

/** Pages, most recently saved first; reads no bodies. */
export function recentPages(db: LibraryDatabase, limit: number, offset = 0): Promise<PageRecord[]> {
  return db.pages.orderBy('lastSavedAt').reverse().offset(offset).limit(limit).toArray();
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
}

/** One snapshot with its body, for reading. */
export async function savedCopy(db: LibraryDatabase, snapshotId: string): Promise<SavedCopy | undefined> {
  return db.transaction('r', [db.snapshots, db.bodies, db.pages], async () => {
    const snapshot = await db.snapshots.get(snapshotId);
    const body = await db.bodies.get(snapshotId);
    if (!snapshot || !body) return undefined;
    return { snapshot, body, page: await db.pages.get(snapshot.pageUrl) };
  });
}
