import Dexie from 'dexie';
import { sha256Hex } from '../integrity/hash';
import { indexTerms } from '../search/index-terms';
import type { LibraryDatabase } from '../store/db';
import { addSearchRows, moveSearchRow, writeSearchRow } from '../store/search-rows';
import type { AssetRecord, PageRecord, SightingRecord, SnapshotBody, SnapshotRecord, StagedPage } from '../store/records';
import { ARCHIVE_NAME, MANIFEST_PATH, MANIFEST_SIGNATURE_PATH, type Manifest } from './format';
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
 * one verifier and any failure refuses the whole archive unwritten. Then it is read again and
 * staged in small transactions: image bytes and article bodies (invisible until a snapshot names
 * them), and the records of its pages and new copies in tables no list reads (`stagedPages`,
 * `stagedCopies`). One last transaction reads those back a few hundred pages at a time and adds
 * the snapshots, pages, timelines and search rows, removing the staged rows with them. If anything
 * fails on the way, what was written is removed, so the library is as it was. Memory holds the
 * manifest and a few megabytes of files, whatever the size of the archive.
 *
 * Merging: a copy the library has (same content hash) is skipped; new copies of a page the library
 * has join its versions, numbered after its own; tags are united and notes kept side by side.
 */
export async function importArchive(db: LibraryDatabase, source: ArchiveSource, options: { signal?: AbortSignal; onProgress?: (progress: ImportProgress) => void; now?: () => number } = {}): Promise<ImportSummary> {
  const report = await verifyArchive(source, { onProgress: (bytes) => options.onProgress?.({ phase: 'checking', bytes, total: source.size }) });
  if (!report.ok || !report.manifest) throw new ImportRefused(report);
  options.signal?.throwIfAborted();
  const started = (options.now ?? Date.now)();
  await sweepAbandonedImports(db, started);
  const importId = newImportId(started);
  const addedAssets: string[] = [];
  try {
    const staged = await stageArchive(db, source, report.manifest, importId, addedAssets, options);
    options.signal?.throwIfAborted();
    const newPages = await commit(db, importId, staged.pages);
    return { newPages, newSnapshots: staged.copies, skipped: staged.skipped, newImages: addedAssets.length };
  } catch (error) {
    await unstage(db, importId, addedAssets);
    throw error;
  }
}

/** When the import started, zero-padded so that names sort by it, and a random part for imports started together. */
function newImportId(started: number): string {
  return `${importTime(started)}-${crypto.randomUUID()}`;
}

const importTime = (ms: number) => String(ms).padStart(15, '0');

/** An import runs in one page; rows it staged a day ago belong to one that was closed or crashed. */
const ABANDONED_AFTER_MS = 24 * 60 * 60 * 1000;

/** Remove what imports left staged when their page was closed or the browser stopped mid-import. */
async function sweepAbandonedImports(db: LibraryDatabase, now: number): Promise<void> {
  // Names sort by their start time: every import named before this one started over a day ago.
  const before = [importTime(now - ABANDONED_AFTER_MS)];
  await db.transaction('rw', [db.stagedPages, db.stagedCopies, db.bodies, db.snapshots], () => removeStaged(db, [Dexie.minKey], before));
}

/**
 * Staged rows of the imports named between `lower` and `upper` (upper excluded), removed with the
 * bodies their copies had written, unless a copy saved since names them. Call in a transaction
 * over the staged tables, `bodies` and `snapshots`.
 */
async function removeStaged(db: LibraryDatabase, lower: unknown[], upper: unknown[]): Promise<void> {
  const ids = ((await db.stagedCopies.where('[importId+id]').between(lower, upper).primaryKeys()) as [string, string][]).map(([, id]) => id);
  const named = await db.snapshots.bulkGet(ids);
  await db.bodies.bulkDelete(ids.filter((_id, i) => !named[i]));
  await db.stagedCopies.where('[importId+id]').between(lower, upper).delete();
  await db.stagedPages.where('[importId+seq]').between(lower, upper).delete();
}

/** The archive changed between the check and the reading: refuse as if it had failed the check. */
class ChangedSinceChecked extends Error {
  constructor(path: string) {
    super(`“${path}” changed while it was being imported; nothing was imported.`);
  }
}

/** Staged rows are written in batches: one transaction per few megabytes, not one per file. */
const STAGE_BATCH_BYTES = 8 * 1024 * 1024;
const STAGE_BATCH_FILES = 400;

async function stageArchive(
  db: LibraryDatabase,
  source: ArchiveSource,
  manifest: Manifest,
  importId: string,
  addedAssets: string[],
  options: { signal?: AbortSignal; onProgress?: (progress: ImportProgress) => void },
): Promise<{ pages: number; copies: number; skipped: number }> {
  const assetsByPath = new Map(manifest.assets.map((asset) => [asset.path, asset]));
  let pageCount = 0;
  let copyCount = 0;
  let skipped = 0;
  let bytes = 0;
  let images: AssetRecord[] = [];
  let copies: { snapshot: SnapshotRecord; body: SnapshotBody }[] = [];
  let pages: StagedPage[] = [];
  let pending = 0;

  /** Write what is pending: image bytes the library lacks, bodies and records of copies it lacks, pages. */
  const flush = async () => {
    if (!images.length && !copies.length && !pages.length) return;
    const batchImages = images;
    const batchCopies = copies;
    const batchPages = pages;
    images = [];
    copies = [];
    pages = [];
    pending = 0;
    await db.transaction('rw', [db.assets, db.bodies, db.snapshots, db.stagedCopies, db.stagedPages], async () => {
      const haveImages = await db.assets.bulkGet(batchImages.map((a) => a.hash));
      const newImages = batchImages.filter((_a, i) => !haveImages[i]);
      await db.assets.bulkAdd(newImages);
      addedAssets.push(...newImages.map((a) => a.hash));
      const haveCopies = await db.snapshots.bulkGet(batchCopies.map((c) => c.snapshot.id));
      const newCopies = batchCopies.filter((_c, i) => !haveCopies[i]);
      skipped += batchCopies.length - newCopies.length;
      copyCount += newCopies.length;
      await db.bodies.bulkPut(newCopies.map((c) => c.body));
      await db.stagedCopies.bulkPut(newCopies.map(({ snapshot }) => ({ importId, id: snapshot.id, pageUrl: snapshot.pageUrl, snapshot })));
      await db.stagedPages.bulkPut(batchPages);
    });
  };

  await readEntries(source, async ({ name, bytes: data }) => {
    options.signal?.throwIfAborted();
    bytes += data.byteLength;
    options.onProgress?.({ phase: 'writing', bytes, total: source.size });
    if (name === MANIFEST_PATH || name === MANIFEST_SIGNATURE_PATH || !ARCHIVE_NAME.test(name)) return;
    // Only what is written is read: the website's pages (articles, index) were checked in the
    // first pass and are not imported, so they are not hashed a second time.
    if (!name.startsWith('images/') && !name.startsWith('data/snapshots/') && !name.startsWith('data/pages/')) return;
    if ((await sha256Hex(data)) !== manifest.files[name]) throw new ChangedSinceChecked(name);
    if (name.startsWith('images/')) {
      const asset = assetsByPath.get(name);
      if (!asset) return;
      images.push({ hash: asset.hash, blob: new Blob([data as Uint8Array<ArrayBuffer>], { type: asset.type }), type: asset.type, size: data.byteLength, url: asset.url });
      pending += data.byteLength;
    } else if (name.startsWith('data/snapshots/')) {
      const file = parseSnapshotFile(data);
      if (typeof file === 'string') throw new ChangedSinceChecked(name);
      copies.push({ snapshot: file.snapshot, body: { snapshotId: file.snapshot.id, ...file.body } });
      pending += data.byteLength;
    } else if (name.startsWith('data/pages/')) {
      const file = parsePageFile(data);
      if (typeof file === 'string') throw new ChangedSinceChecked(name);
      pages.push({ importId, seq: pageCount++, page: file.page, sightings: file.sightings });
      pending += data.byteLength;
    }
    if (pending >= STAGE_BATCH_BYTES || images.length + copies.length + pages.length >= STAGE_BATCH_FILES) await flush();
    // The directory was checked against these very files in the first pass; each file is hashed again here.
  }, undefined, { checkDirectory: false });
  await flush();
  return { pages: pageCount, copies: copyCount, skipped };
}

/** Remove what an import wrote before it failed, unless a copy saved meanwhile uses it. */
async function unstage(db: LibraryDatabase, importId: string, assets: string[]): Promise<void> {
  await db.transaction('rw', [db.assets, db.bodies, db.snapshots, db.stagedCopies, db.stagedPages], async () => {
    await removeStaged(db, [importId, Dexie.minKey], [importId, Dexie.maxKey]);
    for (const hash of assets) if ((await db.snapshots.where('imageHashes').equals(hash).count()) === 0) await db.assets.delete(hash);
  });
}

function mergeNotes(local: string, imported: string): string {
  if (!imported || local === imported || local.includes(imported)) return local;
  return local ? `${local}\n\n${imported}` : imported;
}

/** Pages merged per read of the database, inside the one transaction. */
const COMMIT_CHUNK = 200;

/**
 * Pages, snapshots, timelines and search rows, in one transaction: all of them or none. The staged
 * rows are read back a chunk of pages at a time, with their new copies, and removed in the same
 * transaction, so that nothing staged outlives a committed import.
 */
async function commit(db: LibraryDatabase, importId: string, pageCount: number): Promise<number> {
  const mine = [[importId, Dexie.minKey], [importId, Dexie.maxKey]] as const;
  return db.transaction('rw', [db.pages, db.snapshots, db.bodies, db.sightings, db.words, db.stagedPages, db.stagedCopies], async () => {
    let newPages = 0;
    // Search keys given out in this transaction (utils/store/search-rows.ts).
    const taken = new Set<number>();
    for (let i = 0; i < pageCount; i += COMMIT_CHUNK) {
      const chunk = await db.stagedPages.where('[importId+seq]').between([importId, i], [importId, i + COMMIT_CHUNK]).toArray();
      const staged = (await db.stagedCopies.where('[importId+pageUrl]').anyOf(chunk.map(({ page }) => [importId, page.url])).toArray()).map((copy) => copy.snapshot);
      const snapshots = new Map(staged.map((snapshot) => [snapshot.id, snapshot]));
      const byPage = new Map<string, SnapshotRecord[]>();
      for (const snapshot of staged) byPage.set(snapshot.pageUrl, [...(byPage.get(snapshot.pageUrl) ?? []), snapshot]);
      const locals = await db.pages.bulkGet(chunk.map(({ page }) => page.url));
      const addSnapshots: SnapshotRecord[] = [];
      const putPages: PageRecord[] = [];
      const addSightings: Omit<SightingRecord, 'id'>[] = [];
      const reindex: PageRecord[] = [];
      const fresh = new Set<string>();
      const moved: PageRecord[] = [];
      for (const [j, { page, sightings }] of chunk.entries()) {
        const imported = (byPage.get(page.url) ?? []).sort((a, b) => a.capturedAt - b.capturedAt);
        const local = locals[j];
        const own = sightings.filter((s) => s.pageUrl === page.url);
        if (!local) {
          // A page the library lacks comes as the archive has it; its count is what the archive holds.
          const next = { ...page, versionCount: imported.length };
          newPages++;
          addSnapshots.push(...imported);
          putPages.push(next);
          addSightings.push(...own);
          reindex.push(next);
          fresh.add(next.url);
          continue;
        }
        const earlier = await db.snapshots.where('pageUrl').equals(page.url).toArray();
        let version = Math.max(0, ...earlier.map((s) => s.version));
        addSnapshots.push(...imported.map((s) => ({ ...s, version: ++version })));
        const newer = page.lastSeenAt > local.lastSeenAt;
        const latest = newer ? (snapshots.get(page.latestSnapshotId) ?? (await db.snapshots.get(page.latestSnapshotId))) : undefined;
        const next: PageRecord = {
          ...local,
          ...(latest ? { latestSnapshotId: latest.id, title: latest.title, siteName: latest.siteName, kind: latest.kind, lastSeenAt: page.lastSeenAt } : {}),
          firstSavedAt: Math.min(local.firstSavedAt, page.firstSavedAt),
          lastSavedAt: Math.max(local.lastSavedAt, page.lastSavedAt),
          versionCount: earlier.length + imported.length,
          changed: earlier.length + imported.length > 1,
          tags: [...new Set([...local.tags, ...page.tags])],
          note: mergeNotes(local.note, page.note),
        };
        putPages.push(next);
        const known = new Set((await db.sightings.where('pageUrl').equals(page.url).toArray()).map((s) => `${s.snapshotId} ${s.at}`));
        addSightings.push(...own.filter((s) => !known.has(`${s.snapshotId} ${s.at}`)));
        if (next.latestSnapshotId !== local.latestSnapshotId) reindex.push(next);
        else if (next.lastSavedAt !== local.lastSavedAt) moved.push(next);
      }
      await db.snapshots.bulkAdd(addSnapshots);
      await db.pages.bulkPut(putPages);
      await db.sightings.bulkAdd(addSightings);
      // A page is found by its newest copy's words, as when it is saved.
      const bodies = await db.bodies.bulkGet(reindex.map((page) => page.latestSnapshotId));
      const rows: { page: PageRecord; snapshotId: string; terms: string[] }[] = [];
      for (const [j, page] of reindex.entries()) {
        const latest = snapshots.get(page.latestSnapshotId) ?? (await db.snapshots.get(page.latestSnapshotId));
        const body = bodies[j];
        if (latest && body) rows.push({ page, snapshotId: latest.id, terms: indexTerms({ ...latest, text: body.text }) });
      }
      // Written side by side; `taken` keeps their keys apart. New pages' rows go in one bulk write;
      // a page the library had gets its row rewritten, or, if its newest copy stayed but its last
      // save moved (a later save in the archive), moved to the new key.
      await Promise.all([
        addSearchRows(db, rows.filter((row) => fresh.has(row.page.url)), taken),
        ...rows.filter((row) => !fresh.has(row.page.url)).map(({ page, ...words }) => writeSearchRow(db, page, words, taken)),
        ...moved.map((page) => moveSearchRow(db, page, taken)),
      ]);
    }
    await db.stagedCopies.where('[importId+id]').between(...mine).delete();
    await db.stagedPages.where('[importId+seq]').between(...mine).delete();
    return newPages;
  });
}
