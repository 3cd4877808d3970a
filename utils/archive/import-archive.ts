import { sha256Hex } from '../integrity/hash';
import { indexTerms } from '../search/index-terms';
import type { LibraryDatabase } from '../store/db';
import type { PageRecord, SnapshotRecord } from '../store/records';
import { ARCHIVE_NAME, MANIFEST_PATH, MANIFEST_SIGNATURE_PATH, type Manifest, type PageFile } from './format';
import { describeReport } from './report';
import { parsePageFile, parseSnapshotFile } from './validate';
import { verifyArchive, type ArchiveReport } from './verify-archive';
import { readEntries, type ArchiveSource } from './zip-reader';

export interface ImportSummary {
  /** Pages the library did not have. */
  newPages: number;
  /** Copies added: of new pages, and new versions of pages it had. */
  newSnapshots: number;
  /** Copies the library already had, left as they were. */
  skipped: number;
  newImages: number;
}

export interface ImportProgress {
  phase: 'checking' | 'writing';
  bytes: number;
  total: number;
}

/** An archive that failed its checks: nothing was written. The report says what failed, by file. */
export class ImportRefused extends Error {
  constructor(readonly report: ArchiveReport) {
    super(describeReport(report).join('\n'));
    this.name = 'ImportRefused';
  }
}

/**
 * Import a Samizdat archive, all or nothing. First every hash and signature is checked with the
 * one verifier and any failure refuses the whole archive unwritten. Then it is read again: image
 * bytes and article bodies (invisible until a snapshot names them) are written as they come, and
 * one last transaction adds the snapshots, pages, timelines and search rows. If anything fails on
 * the way, what was written is removed, so the library is as it was.
 *
 * Merging: a copy the library has (same content hash) is skipped; new copies of a page the library
 * has join its versions, numbered after its own; tags are united and notes kept side by side.
 */
export async function importArchive(db: LibraryDatabase, source: ArchiveSource, options: { signal?: AbortSignal; onProgress?: (progress: ImportProgress) => void } = {}): Promise<ImportSummary> {
  const report = await verifyArchive(source, { onProgress: (bytes) => options.onProgress?.({ phase: 'checking', bytes, total: source.size }) });
  if (!report.ok || !report.manifest) throw new ImportRefused(report);
  options.signal?.throwIfAborted();
  const manifest = report.manifest;
  const addedAssets: string[] = [];
  const addedBodies: string[] = [];
  try {
    const { snapshots, pages, skipped } = await stageArchive(db, source, manifest, addedAssets, addedBodies, options);
    options.signal?.throwIfAborted();
    const newPages = await commit(db, pages, snapshots);
    return { newPages, newSnapshots: snapshots.size, skipped, newImages: addedAssets.length };
  } catch (error) {
    await unstage(db, addedAssets, addedBodies);
    throw error;
  }
}

/** The archive changed between the check and the reading: refuse as if it had failed the check. */
class ChangedSinceChecked extends Error {
  constructor(path: string) {
    super(`“${path}” changed while it was being imported; nothing was imported.`);
  }
}

async function stageArchive(
  db: LibraryDatabase,
  source: ArchiveSource,
  manifest: Manifest,
  addedAssets: string[],
  addedBodies: string[],
  options: { signal?: AbortSignal; onProgress?: (progress: ImportProgress) => void },
) {
  const assetsByPath = new Map(manifest.assets.map((asset) => [asset.path, asset]));
  const snapshots = new Map<string, SnapshotRecord>();
  const pages: PageFile[] = [];
  let skipped = 0;
  let bytes = 0;
  await readEntries(source, async ({ name, bytes: data }) => {
    options.signal?.throwIfAborted();
    bytes += data.byteLength;
    options.onProgress?.({ phase: 'writing', bytes, total: source.size });
    if (name === MANIFEST_PATH || name === MANIFEST_SIGNATURE_PATH || !ARCHIVE_NAME.test(name)) return;
    if ((await sha256Hex(data)) !== manifest.files[name]) throw new ChangedSinceChecked(name);
    if (name.startsWith('images/')) {
      const asset = assetsByPath.get(name);
      if (!asset || (await db.assets.get(asset.hash))) return;
      await db.assets.add({ hash: asset.hash, blob: new Blob([data as Uint8Array<ArrayBuffer>], { type: asset.type }), type: asset.type, size: data.byteLength, url: asset.url });
      addedAssets.push(asset.hash);
    } else if (name.startsWith('data/snapshots/')) {
      const file = parseSnapshotFile(data);
      if (typeof file === 'string') throw new ChangedSinceChecked(name);
      if (await db.snapshots.get(file.snapshot.id)) {
        skipped++;
        return;
      }
      await db.bodies.put({ snapshotId: file.snapshot.id, ...file.body });
      addedBodies.push(file.snapshot.id);
      snapshots.set(file.snapshot.id, file.snapshot);
    } else if (name.startsWith('data/pages/')) {
      const file = parsePageFile(data);
      if (typeof file === 'string') throw new ChangedSinceChecked(name);
      pages.push(file);
    }
  });
  return { snapshots, pages, skipped };
}

/** Remove what an import wrote before it failed, unless a copy saved meanwhile uses it. */
async function unstage(db: LibraryDatabase, assets: string[], bodies: string[]): Promise<void> {
  await db.transaction('rw', [db.assets, db.bodies, db.snapshots], async () => {
    for (const id of bodies) if (!(await db.snapshots.get(id))) await db.bodies.delete(id);
    for (const hash of assets) if ((await db.snapshots.where('imageHashes').equals(hash).count()) === 0) await db.assets.delete(hash);
  });
}

function mergeNotes(local: string, imported: string): string {
  if (!imported || local === imported || local.includes(imported)) return local;
  return local ? `${local}\n\n${imported}` : imported;
}

/** Pages, snapshots, timelines and search rows, in one transaction: all of them or none. */
async function commit(db: LibraryDatabase, pages: PageFile[], snapshots: Map<string, SnapshotRecord>): Promise<number> {
  return db.transaction('rw', [db.pages, db.snapshots, db.bodies, db.sightings, db.search], async () => {
    let newPages = 0;
    const byPage = new Map<string, SnapshotRecord[]>();
    for (const snapshot of snapshots.values()) byPage.set(snapshot.pageUrl, [...(byPage.get(snapshot.pageUrl) ?? []), snapshot]);
    for (const { page, sightings } of pages) {
      const imported = (byPage.get(page.url) ?? []).sort((a, b) => a.capturedAt - b.capturedAt);
      const local = await db.pages.get(page.url);
      let next: PageRecord;
      if (!local) {
        // The count is what the archive holds, whatever its page record claims.
        next = { ...page, versionCount: imported.length };
        newPages++;
        await db.snapshots.bulkAdd(imported);
      } else {
        const earlier = await db.snapshots.where('pageUrl').equals(page.url).toArray();
        let version = Math.max(0, ...earlier.map((s) => s.version));
        await db.snapshots.bulkAdd(imported.map((s) => ({ ...s, version: ++version })));
        const newer = page.lastSeenAt > local.lastSeenAt;
        const latest = newer ? (snapshots.get(page.latestSnapshotId) ?? (await db.snapshots.get(page.latestSnapshotId))) : undefined;
        next = {
          ...local,
          ...(latest ? { latestSnapshotId: latest.id, title: latest.title, siteName: latest.siteName, kind: latest.kind, lastSeenAt: page.lastSeenAt } : {}),
          firstSavedAt: Math.min(local.firstSavedAt, page.firstSavedAt),
          lastSavedAt: Math.max(local.lastSavedAt, page.lastSavedAt),
          versionCount: earlier.length + imported.length,
          changed: earlier.length + imported.length > 1,
          tags: [...new Set([...local.tags, ...page.tags])],
          note: mergeNotes(local.note, page.note),
        };
      }
      await db.pages.put(next);
      const known = new Set((await db.sightings.where('pageUrl').equals(page.url).toArray()).map((s) => `${s.snapshotId} ${s.at}`));
      await db.sightings.bulkAdd(sightings.filter((s) => s.pageUrl === page.url && !known.has(`${s.snapshotId} ${s.at}`)));
      if (!local || next.latestSnapshotId !== local.latestSnapshotId) {
        const latest = snapshots.get(next.latestSnapshotId) ?? (await db.snapshots.get(next.latestSnapshotId));
        const body = await db.bodies.get(next.latestSnapshotId);
        if (latest && body) await db.search.put({ pageUrl: next.url, snapshotId: latest.id, terms: indexTerms({ ...latest, text: body.text }) });
      }
    }
    return newPages;
  });
}
