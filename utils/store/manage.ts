import { indexTerms } from '../search/index-terms';
import type { LibraryDatabase } from './db';
import { restoreSearchRows, searchRowOf, writeSearchRow } from './search-rows';
import { hasPendingImages, type AssetRecord, type CheckRecord, type PageRecord, type SearchRow, type SightingRecord, type SnapshotBody, type SnapshotRecord, type WatchRecord } from './records';
import { t } from '../i18n';

/** Tags as the user types them ("russia, army ,  Pskov"), cleaned: trimmed, once each, in order. */
export function parseTags(text: string): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const raw of text.split(',')) {
    const tag = raw.replace(/\s+/g, ' ').trim();
    if (tag && !seen.has(tag.toLowerCase())) {
      seen.add(tag.toLowerCase());
      tags.push(tag);
    }
  }
  return tags;
}

export async function setTagsAndNote(db: LibraryDatabase, pageUrl: string, tags: string[], note: string): Promise<void> {
  const updated = await db.pages.update(pageUrl, { tags, note: note.trim() });
  if (!updated) throw new Error(t('pageGone'));
}

/**
 * Everything a deletion removed, kept by the page that deleted it so that Undo can put it back
 * exactly. Deleting is the only way anything leaves the library, and it can be undone.
 */
export interface Removed {
  pages: PageRecord[];
  /** Pages changed by the deletion of one of their versions, as they were before. */
  pagesBefore: PageRecord[];
  snapshots: SnapshotRecord[];
  bodies: SnapshotBody[];
  sightings: SightingRecord[];
  search: SearchRow[];
  assets: AssetRecord[];
  /** A deleted page's watch, and its checks (its history of checks goes with it). */
  watches: WatchRecord[];
  checks: CheckRecord[];
}

const ALL = (db: LibraryDatabase) => [db.pages, db.snapshots, db.bodies, db.sightings, db.words, db.assets, db.imageQueue, db.watches, db.checks];

/** Image bytes that no remaining copy uses any more. Call inside the deleting transaction. */
async function orphanedAssets(db: LibraryDatabase, removed: SnapshotRecord[]): Promise<AssetRecord[]> {
  const hashes = [...new Set(removed.flatMap((s) => s.imageHashes))];
  const gone = new Set(removed.map((s) => s.id));
  const orphans: AssetRecord[] = [];
  for (const hash of hashes) {
    const users = await db.snapshots.where('imageHashes').equals(hash).primaryKeys();
    if (users.every((id) => gone.has(id as string))) {
      const asset = await db.assets.get(hash);
      if (asset) orphans.push(asset);
    }
  }
  return orphans;
}

async function removeAll(db: LibraryDatabase, removed: Removed): Promise<void> {
  await db.snapshots.bulkDelete(removed.snapshots.map((s) => s.id));
  // A deleted copy's images are no longer wanted; Undo queues them again (undoDelete).
  await db.imageQueue.bulkDelete(removed.snapshots.map((s) => s.id));
  await db.bodies.bulkDelete(removed.bodies.map((b) => b.snapshotId));
  await db.sightings.bulkDelete(removed.sightings.map((s) => s.id!));
  await db.assets.bulkDelete(removed.assets.map((a) => a.hash));
  await db.words.bulkDelete(removed.search.filter((row) => removed.pages.some((p) => p.url === row.pageUrl)).map((r) => r.key));
  await db.pages.bulkDelete(removed.pages.map((p) => p.url));
  await db.watches.bulkDelete(removed.watches.map((w) => w.pageUrl));
  await db.checks.bulkDelete(removed.checks.map((c) => c.id!));
}

/** Delete a page with all its versions, in one transaction; returns what Undo needs. */
export async function deletePage(db: LibraryDatabase, pageUrl: string): Promise<Removed> {
  return db.transaction('rw', ALL(db), async () => {
    const page = await db.pages.get(pageUrl);
    if (!page) throw new Error(t('pageGone'));
    const snapshots = await db.snapshots.where('pageUrl').equals(pageUrl).toArray();
    const removed: Removed = {
      pages: [page],
      pagesBefore: [],
      snapshots,
      bodies: (await db.bodies.bulkGet(snapshots.map((s) => s.id))).filter((b): b is SnapshotBody => !!b),
      sightings: await db.sightings.where('pageUrl').equals(pageUrl).toArray(),
      search: [await searchRowOf(db, pageUrl)].filter((r): r is SearchRow => !!r),
      assets: await orphanedAssets(db, snapshots),
      watches: [await db.watches.get(pageUrl)].filter((w): w is WatchRecord => !!w),
      checks: await db.checks.where('pageUrl').equals(pageUrl).toArray(),
    };
    await removeAll(db, removed);
    return removed;
  });
}

/**
 * Delete one version of a page. The page stays with its other versions (the newest left becomes
 * its face in the list and in search); deleting its only version deletes the page.
 */
export async function deleteSnapshot(db: LibraryDatabase, snapshotId: string): Promise<Removed> {
  const target = await db.snapshots.get(snapshotId);
  if (!target) throw new Error(t('versionGone'));
  const others = (await db.snapshots.where('pageUrl').equals(target.pageUrl).toArray()).filter((s) => s.id !== snapshotId);
  if (others.length === 0) return deletePage(db, target.pageUrl);
  const newest = others.reduce((a, b) => (b.capturedAt > a.capturedAt ? b : a));
  // Tokenizing is not database work: done before the transaction, which it would otherwise hold.
  const newestBody = await db.bodies.get(newest.id);
  const terms = indexTerms({ ...newest, text: newestBody?.text ?? '' });
  return db.transaction('rw', ALL(db), async () => {
    const page = await db.pages.get(target.pageUrl);
    if (!page) throw new Error(t('pageGone'));
    const removed: Removed = {
      pages: [],
      pagesBefore: [page],
      snapshots: [target],
      bodies: (await db.bodies.bulkGet([snapshotId])).filter((b): b is SnapshotBody => !!b),
      sightings: await db.sightings.where('snapshotId').equals(snapshotId).toArray(),
      search: [await searchRowOf(db, page.url)].filter((r): r is SearchRow => !!r),
      assets: await orphanedAssets(db, [target]),
      // The page stays, watched as before.
      watches: [],
      checks: [],
    };
    await removeAll(db, removed);
    if (page.latestSnapshotId === snapshotId) {
      await db.pages.update(page.url, { latestSnapshotId: newest.id, title: newest.title, siteName: newest.siteName, kind: newest.kind });
      await writeSearchRow(db, page, { snapshotId: newest.id, terms });
    }
    await db.pages.update(page.url, { versionCount: others.length, changed: others.length > 1 });
    return removed;
  });
}

/** Put back everything a deletion removed, exactly as it was, in one transaction. */
export async function undoDelete(db: LibraryDatabase, removed: Removed): Promise<void> {
  await db.transaction('rw', ALL(db), async () => {
    await db.assets.bulkPut(removed.assets);
    await db.snapshots.bulkPut(removed.snapshots);
    // Images that were still to download when the copy was deleted are wanted again.
    await db.imageQueue.bulkPut(removed.snapshots.filter((s) => hasPendingImages(s.images)).map((s) => ({ snapshotId: s.id, since: s.capturedAt, attempts: 0 })));
    await db.bodies.bulkPut(removed.bodies);
    await db.sightings.bulkPut(removed.sightings);
    await db.pages.bulkPut([...removed.pages, ...removed.pagesBefore]);
    await restoreSearchRows(db, removed.search, [...removed.pages, ...removed.pagesBefore]);
    await db.watches.bulkPut(removed.watches);
    await db.checks.bulkPut(removed.checks);
  });
}
