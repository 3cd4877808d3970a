import type { Capture } from '../capture/types';
import { snapshotHash } from '../integrity/snapshot-hash';
import type { LibraryDatabase } from './db';
import type { PageRecord, SightingRecord, SnapshotRecord } from './records';

export interface SaveOutcome {
  kind: SightingRecord['kind'];
  pageUrl: string;
  snapshotId: string;
  version: number;
  versionCount: number;
  title: string;
}

/**
 * Store a capture: one page per canonical URL, one snapshot per distinct content, and a sighting
 * for every save, all in one transaction so that a crash leaves all of it or none of it.
 * The hash is computed before the transaction opens: IndexedDB transactions close on foreign awaits.
 */
export async function saveCapture(db: LibraryDatabase, capture: Capture, now: number): Promise<SaveOutcome> {
  const snapshotId = await snapshotHash(capture);
  return db.transaction('rw', [db.pages, db.snapshots, db.bodies, db.sightings], async () => {
    const page = await db.pages.get(capture.canonicalUrl);
    const existing = await db.snapshots.get(snapshotId);

    if (page && existing) {
      const kind = page.latestSnapshotId === snapshotId ? 'unchanged' : 'reverted';
      await db.snapshots.update(snapshotId, { lastSeenAt: now });
      await db.pages.update(page.url, {
        lastSeenAt: now,
        latestSnapshotId: snapshotId,
        ...(kind === 'reverted' ? { lastSavedAt: now, changed: true } : {}),
      });
      await db.sightings.add({ pageUrl: page.url, snapshotId, at: now, kind });
      return { kind, pageUrl: page.url, snapshotId, version: existing.version, versionCount: page.versionCount, title: page.title };
    }

    const version = (page?.versionCount ?? 0) + 1;
    const snapshot: SnapshotRecord = {
      id: snapshotId,
      pageUrl: capture.canonicalUrl,
      loadedUrl: capture.loadedUrl,
      version,
      capturedAt: now,
      lastSeenAt: now,
      title: capture.title,
      byline: capture.byline,
      siteName: capture.siteName,
      lang: capture.lang,
      dir: capture.dir,
      excerpt: capture.excerpt,
      publishedTime: capture.publishedTime,
      modifiedTime: capture.modifiedTime,
      wordCount: capture.wordCount,
    };
    const nextPage: PageRecord = {
      url: capture.canonicalUrl,
      title: capture.title,
      siteName: capture.siteName,
      firstSavedAt: page?.firstSavedAt ?? now,
      lastSavedAt: now,
      lastSeenAt: now,
      versionCount: version,
      latestSnapshotId: snapshotId,
      changed: version > 1,
    };
    const kind = page ? 'new-version' : 'new-page';
    await db.snapshots.add(snapshot);
    await db.bodies.add({ snapshotId, html: capture.html, text: capture.text });
    await db.pages.put(nextPage);
    await db.sightings.add({ pageUrl: nextPage.url, snapshotId, at: now, kind });
    return { kind, pageUrl: nextPage.url, snapshotId, version, versionCount: version, title: capture.title };
  });
}
