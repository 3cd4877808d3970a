import { unzipSync, zipSync, type Zippable } from 'fflate';
import { JSDOM } from 'jsdom';
import type { Packer } from '../../utils/archive/pack';
import { exportArchive } from '../../utils/archive/export-archive';
import type { PageSelection } from '../../utils/archive/selection';
import type { LibraryDatabase } from '../../utils/store/db';

/** A window for rendering exported pages in Node (the library page's own window in the browser). */
export const renderWindow = new JSDOM('<!doctype html><html><body></body></html>').window as unknown as Window;

export async function exportBytes(db: LibraryDatabase, selection: PageSelection = { all: true }, pack?: Packer): Promise<Uint8Array> {
  const blob = await exportArchive(db, { selection, generator: 'Samizdat test', win: renderWindow, now: () => Date.UTC(2026, 10, 25, 3), pack });
  return new Uint8Array(await blob.arrayBuffer());
}

/** Unpack, change, and pack again in the same order: how a tamperer would edit an archive. */
export function rewrite(archive: Uint8Array, edit: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(archive);
  edit(files);
  return zipSync(files as Zippable);
}

/** Every row of every table but the signing key, ids of sightings aside: what must survive a round trip. */
export async function libraryContents(db: LibraryDatabase) {
  // Sorted here, not by the index: a protected library's indexes hold keyed terms, in their order.
  const by = <T>(field: keyof T) => (rows: T[]) => rows.sort((a, b) => (a[field] < b[field] ? -1 : a[field] > b[field] ? 1 : 0));
  const assets = await db.assets.toArray().then(by('hash'));
  return {
    pages: await db.pages.toArray().then(by('url')),
    snapshots: await db.snapshots.toArray().then(by('id')),
    bodies: await db.bodies.toArray().then(by('snapshotId')),
    sightings: (await db.sightings.toArray()).map(({ id: _id, ...s }) => s).sort((a, b) => a.at - b.at || a.snapshotId.localeCompare(b.snapshotId)),
    search: await db.words.toArray().then(by('pageUrl')),
    // A check's id is a local counter; the news not yet seen and the notifications shown are this browser's.
    checks: (await db.checks.toArray()).map(({ id: _id, unseen: _unseen, notified: _notified, ...check }) => check).sort((a, b) => a.at - b.at || a.pageUrl.localeCompare(b.pageUrl)),
    assets: await Promise.all(assets.map(async ({ blob, ...rest }) => ({ ...rest, bytes: Array.from(new Uint8Array(await blob.arrayBuffer())) }))),
    // What an import stages is gone when it ends, whether it committed or failed.
    staged: { pages: await db.stagedPages.count(), copies: await db.stagedCopies.count() },
  };
}
