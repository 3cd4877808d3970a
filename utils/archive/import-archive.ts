import Dexie from 'dexie';
import { sha256Hex } from '../integrity/hash';
import { indexTerms } from '../search/index-terms';
import { termsHere, type TermsMaker } from '../search/worker-terms';
import type { LibraryDatabase } from '../store/db';
import { addSearchRows, moveSearchRow, writeSearchRow } from '../store/search-rows';
import type { AssetRecord, PageRecord, SightingRecord, SnapshotBody, SnapshotRecord, StagedPage } from '../store/records';
import { ARCHIVE_LIMITS, MANIFEST_PATH, type Manifest, type PageFile } from './format';
import { describeReport } from './report';
import { parseManifest } from './validate';
import { verifyArchive, type ArchiveReport, type ReadFile } from './verify-archive';
import { isCar, openCar, type OpenedCar } from './car/car-reader';
import { ArchiveRefusal } from './problems';
import { readEntryAhead, type ArchiveSource } from './zip-reader';
import { isSamizdatWebArchive, isWarcFile, isWebArchive, warcFilesOf } from './wacz/detect';
import { noteCaptures, type ArchiveFile, type NotedArchive } from './wacz/archived-captures';
import { readWebPages, type WebPagesRead } from './wacz/read-web-pages';
import { verifyWacz, type WaczReport } from './wacz/verify-wacz';
import { assetBlob } from '../store/asset-blob';

export interface ImportSummary {
  /** Pages the library did not have. */
  newPages: number;
  /** Copies added: of new pages, and new versions of pages it had. */
  newSnapshots: number;
  /** Copies the library already had, left as they were. */
  skipped: number;
  newImages: number;
  /** For a web archive someone else made: what was read of it, besides the copies above. */
  webArchive?: {
    /** Copies read from it: unsigned, each marked with the file and record it came from. */
    copies: number;
    /** Pages the capture could not read at all, by address: left out. */
    unreadable: string[];
    /** Records that are neither a page nor one of its images (scripts, styles, redirects, media). */
    otherRecords: number;
    /** Records over the size a record may have (videos in a crawl), passed over unread. */
    passedOver: { url: string; bytes: number }[];
  };
}

export interface ImportProgress {
  /**
   * Checking reads the archive (`done` of `total` bytes); reading pages runs the capture over a
   * web archive's pages (`done` of `total` pages); writing adds its pages (`done` of `total`).
   */
  phase: 'checking' | 'reading' | 'writing';
  done: number;
  total: number;
}

/** The report of an archive refused before any file of it was read. */
function refusedReport(refusal: ArchiveRefusal): ArchiveReport {
  return { ok: false, refusal, manifestSignature: 'missing', exporterExpected: true, files: [], snapshots: [] };
}

/** An archive that failed its checks: nothing was written. The report says what failed, by file. */
export class ImportRefused extends Error {
  constructor(readonly report: ArchiveReport | WaczReport) {
    super(describeReport(report).join('\n'));
    this.name = 'ImportRefused';
  }
}

/**
 * Import a Samizdat archive, all or nothing. The archive is read once, by the one verifier, which
 * checks every hash and signature; as it reads, its files are staged in small transactions: image
 * bytes and article bodies (invisible until a snapshot names them), and the records of its pages
 * and new copies in tables no list reads (`stagedPages`, `stagedCopies`). If any check failed,
 * what was staged is removed and the archive refused. Otherwise one last transaction reads the
 * staged rows back a few hundred pages at a time and adds the snapshots, pages, timelines and
 * search rows, removing the staged rows with them. If anything fails on the way, or the user
 * cancels, what was written is removed, so the library is as it was. Memory holds the manifest and
 * a few megabytes of files, whatever the size of the archive.
 *
 * Merging: a copy the library has (same content hash) is skipped; new copies of a page the library
 * has join its versions, numbered after its own; tags are united and notes kept side by side.
 */
export async function importArchive(db: LibraryDatabase, source: ArchiveSource, options: ImportOptions = {}): Promise<ImportSummary> {
  // A WARC file, or a web archive (WACZ): Samizdat's own is checked by its own verifier and its
  // copies staged the same way; one made by others has its pages read by the capture.
  if (await isWarcFile(source)) return importWebPages(db, [{ name: options.fileName ?? 'web archive', bytes: source }], options);
  if (await isWebArchive(source)) {
    if (await isSamizdatWebArchive(source)) return importWebArchive(db, source, options);
    return importWebPages(db, await warcFilesOf(source, options.fileName ?? 'web archive'), options);
  }
  // The archive for IPFS: its every block and its DAG checked first (a first reading of the
  // whole file, half the progress), then its files as an archive's.
  let files: ArchiveSource | OpenedCar = source;
  let checked = 0;
  if (await isCar(source)) {
    const total = 2 * source.size;
    try {
      files = await openCar(source, { signal: options.signal, onProgress: (done) => options.onProgress?.({ phase: 'checking', done, total }) });
    } catch (error) {
      if (error instanceof ArchiveRefusal) throw new ImportRefused(refusedReport(error));
      throw error;
    }
    checked = source.size;
  }
  // The manifest, which an archive holds last, read first: images are staged as they are read,
  // with the type and address it gives them. The verifier reads it again in turn, and the two
  // must be the same bytes.
  const manifest = 'root' in files ? await files.read(MANIFEST_PATH, ARCHIVE_LIMITS.manifestBytes) : await readEntryAhead(source, MANIFEST_PATH, ARCHIVE_LIMITS.manifestBytes);
  const total = checked + source.size;
  return stageAndCommit(db, options, manifest, async (stager) => {
    const report = await verifyArchive(files, { onProgress: (done) => options.onProgress?.({ phase: 'checking', done: Math.min(total, checked + done), total }), onFile: stager.add });
    await stager.finish();
    if (!report.ok || !report.manifest) throw new ImportRefused(report);
    if (!stager.manifestMatched()) throw new ChangedSinceChecked(MANIFEST_PATH);
  });
}

export interface ImportOptions {
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
  now?: () => number;
  terms?: TermsMaker;
  /** The file's name as the user chose it: a copy read from a web archive says where it came from. */
  fileName?: string;
  /** The window whose DOM reads a web archive's pages (the library page's; jsdom's in Node). */
  win?: Window;
}

/**
 * A web archive made by others (Wget, Browsertrix, ArchiveWeb.page, the Internet Archive): read
 * twice, all or nothing. First every record, checked (each gzip member against its CRC, each block
 * against its WARC-Block-Digest), noted by address and time; then each HTML page through the
 * capture, its images from the archive's own records, staged as it is read. Copies are unsigned
 * and marked with the file and record they came from.
 */
async function importWebPages(db: LibraryDatabase, files: ArchiveFile[], options: ImportOptions): Promise<ImportSummary> {
  const win = options.win ?? (globalThis as { window?: Window }).window;
  if (!win) throw new Error('a web archive’s pages are read in a page with a DOM');
  let read: WebPagesRead | undefined;
  let noted: NotedArchive | undefined;
  const summary = await stageAndCommit(db, options, null, async (stager) => {
    const total = files.reduce((n, file) => n + file.bytes.size, 0);
    noted = await noteCaptures(files, (done) => options.onProgress?.({ phase: 'checking', done, total }), options.signal);
    read = await readWebPages(noted, files, {
      win,
      label: options.fileName ?? files[0]?.name ?? 'web archive',
      signal: options.signal,
      onProgress: (done, all) => options.onProgress?.({ phase: 'reading', done, total: all }),
      stage: (item) =>
        item.kind === 'asset'
          ? stager.add(item)
          : item.kind === 'copy'
            ? stager.add({ kind: 'snapshot', path: '', file: { format: 'samizdat-snapshot', snapshot: item.snapshot, body: { html: item.body.html, text: item.body.text } } })
            : stager.add({ kind: 'web-page', file: item.file }),
    });
    await stager.finish();
  });
  return { ...summary, webArchive: { copies: summary.newSnapshots + summary.skipped, unreadable: read!.unreadable, otherRecords: read!.otherRecords, passedOver: noted!.passedOver } };
}

/**
 * Samizdat's own web archive, back as it was exported: its metadata records hold every copy and
 * page losslessly, its image records the images, and its verifier checks every signature and
 * digest as an archive's are checked. One without Samizdat's signature is refused here.
 */
async function importWebArchive(db: LibraryDatabase, source: ArchiveSource, options: ImportOptions): Promise<ImportSummary> {
  return stageAndCommit(db, options, null, async (stager) => {
    const report = await verifyWacz(source, {
      onProgress: (done) => options.onProgress?.({ phase: 'checking', done, total: source.size }),
      onRecord: (record) =>
        record.kind === 'image'
          ? stager.add({ kind: 'asset', asset: { hash: record.sha256, blob: assetBlob(record.bytes, record.type), type: record.type, size: record.bytes.byteLength, url: record.url } })
          : stager.add(record.kind === 'snapshot' ? { kind: 'snapshot', path: '', file: record.file } : { kind: 'page', path: '', file: record.file }),
    });
    await stager.finish();
    if (!report.ok) throw new ImportRefused(report);
  });
}

/**
 * The one way an import writes: staged as `check` reads and verifies the file (through the
 * stager), then committed in one transaction if `check` returns; removed if anything throws.
 */
async function stageAndCommit(db: LibraryDatabase, options: ImportOptions, manifest: Uint8Array | null, check: (stager: ReturnType<typeof archiveStager>) => Promise<void>): Promise<ImportSummary> {
  const started = (options.now ?? Date.now)();
  await sweepAbandonedImports(db, started);
  const importId = newImportId(started);
  const stager = archiveStager(db, importId, manifest, options.terms ?? termsHere, options.signal);
  try {
    await check(stager);
    options.signal?.throwIfAborted();
    const newPages = await commit(db, importId, stager.pages(), options);
    return { newPages, newSnapshots: stager.copies(), skipped: stager.skipped(), newImages: stager.addedAssets.length };
  } catch (error) {
    // Whatever stopped it, no staging write may still run while what was written is removed.
    await stager.settled();
    await unstage(db, importId, stager.addedAssets);
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

/** The archive changed while it was read (its manifest read ahead and in turn differ): refuse it. */
class ChangedSinceChecked extends Error {
  constructor(path: string) {
    super(`“${path}” changed while it was being imported; nothing was imported.`);
  }
}

/** Staged rows are written in batches: one transaction per few megabytes, not one per file. */
const STAGE_BATCH_BYTES = 8 * 1024 * 1024;
const STAGE_BATCH_FILES = 400;

/**
 * Stages the files the verifier hands on (`add`), in batches: image bytes the library lacks,
 * bodies and records of copies it lacks, pages. One batch is written while the next is read: the
 * database works in the browser's process, beside this page, which would otherwise wait for it.
 */
function archiveStager(db: LibraryDatabase, importId: string, manifestBytes: Uint8Array | null, makeTerms: TermsMaker, signal: AbortSignal | undefined) {
  // Of the manifest read ahead only its images and its hash are kept: the verifier holds its own.
  const assetsByPath = new Map(readManifest(manifestBytes)?.assets.map((asset) => [asset.path, asset]));
  const aheadHash = manifestBytes ? sha256Hex(manifestBytes) : null;
  aheadHash?.catch(() => undefined);
  const addedAssets: string[] = [];
  let manifestMatched = false;
  let pageCount = 0;
  let copyCount = 0;
  let skipped = 0;
  let images: AssetRecord[] = [];
  let copies: { snapshot: SnapshotRecord; body: SnapshotBody }[] = [];
  let pages: StagedPage[] = [];
  let pending = 0;
  let writing: Promise<void> = Promise.resolve();

  const flush = async () => {
    if (!images.length && !copies.length && !pages.length) return;
    const batchImages = images;
    const batchCopies = copies;
    const batchPages = pages;
    images = [];
    copies = [];
    pages = [];
    pending = 0;
    // Made before the transaction, which must not wait on anything but the database.
    const terms = await makeTerms(batchCopies.map(({ snapshot, body }) => ({ ...snapshot, text: body.text })));
    const batchTerms = new Map(batchCopies.map(({ snapshot }, i) => [snapshot.id, terms[i]!]));
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
      await db.stagedCopies.bulkPut(newCopies.map(({ snapshot }) => ({ importId, id: snapshot.id, pageUrl: snapshot.pageUrl, snapshot, terms: batchTerms.get(snapshot.id)! })));
      await db.stagedPages.bulkPut(batchPages);
    });
  };

  /** Images come with their addresses, types and hashes from a web archive's records. */
  const seenAssets = new Set<string>();
  const add = async (file: ReadFile | { kind: 'asset'; asset: AssetRecord } | { kind: 'web-page'; file: PageFile }): Promise<void> => {
    signal?.throwIfAborted();
    if (file.kind === 'manifest') {
      manifestMatched = aheadHash !== null && (await aheadHash) === (await sha256Hex(file.bytes));
      return;
    }
    if (file.kind === 'asset') {
      // The first record of an image is at the address it was first fetched from (docs/FORMAT.md).
      if (seenAssets.has(file.asset.hash)) return;
      seenAssets.add(file.asset.hash);
      images.push(file.asset);
      pending += file.asset.size;
    } else if (file.kind === 'image') {
      // Without the manifest read ahead there is no type or address to give it; such an archive
      // is refused (see manifestMatched), so nothing is lost by not staging it.
      const asset = assetsByPath.get(file.path);
      if (!asset) return;
      images.push({ hash: asset.hash, blob: assetBlob(file.bytes, asset.type), type: asset.type, size: file.bytes.byteLength, url: asset.url });
      pending += file.bytes.byteLength;
    } else if (file.kind === 'snapshot') {
      copies.push({ snapshot: file.file.snapshot, body: { snapshotId: file.file.snapshot.id, ...file.file.body } });
      pending += file.file.body.html.length + file.file.body.text.length;
    } else if (file.kind === 'web-page') {
      pages.push({ importId, seq: pageCount++, page: file.file.page, sightings: file.file.sightings, renumber: true });
      pending += 1024;
    } else {
      pages.push({ importId, seq: pageCount++, page: file.file.page, sightings: file.file.sightings, ...(file.file.checks ? { checks: file.file.checks } : {}) });
      // A page's record and timeline: small, counted as a kilobyte.
      pending += 1024;
    }
    if (pending >= STAGE_BATCH_BYTES || images.length + copies.length + pages.length >= STAGE_BATCH_FILES) {
      await writing;
      writing = flush();
      // Its failure is met at the next await of it; it must not count as unhandled meanwhile.
      writing.catch(() => undefined);
    }
  };

  return {
    add,
    addedAssets,
    /** Write what is still pending, once the verifier has read every file. */
    finish: async () => {
      await writing;
      await flush();
    },
    /** Wait for a write under way, failed or not. */
    settled: () => writing.catch(() => undefined),
    manifestMatched: () => manifestMatched,
    pages: () => pageCount,
    copies: () => copyCount,
    skipped: () => skipped,
  };
}

/** The manifest read ahead, or null if there is none or it does not parse (the verifier then refuses the archive). */
function readManifest(bytes: Uint8Array | null): Manifest | null {
  if (!bytes) return null;
  try {
    return parseManifest(bytes);
  } catch {
    return null;
  }
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
 * transaction, so that nothing staged outlives a committed import. Progress is counted in pages.
 */
async function commit(db: LibraryDatabase, importId: string, pageCount: number, options: { signal?: AbortSignal; onProgress?: (progress: ImportProgress) => void }): Promise<number> {
  const mine = [[importId, Dexie.minKey], [importId, Dexie.maxKey]] as const;
  return db.transaction('rw', [db.pages, db.snapshots, db.bodies, db.sightings, db.words, db.stagedPages, db.stagedCopies, db.checks], async () => {
    let newPages = 0;
    // Search keys given out in this transaction (utils/store/search-rows.ts).
    const taken = new Set<number>();
    /** A chunk's staged pages and copies (with their search terms), and what the library has of its pages. */
    const readChunk = async (i: number) => {
      const chunk = await db.stagedPages.where('[importId+seq]').between([importId, i], [importId, i + COMMIT_CHUNK]).toArray();
      const [copies, locals] = await Promise.all([
        // One exact lookup per page, not anyOf: a protected library answers no range of addresses.
        Promise.all(chunk.map(({ page }) => db.stagedCopies.where('[importId+pageUrl]').equals([importId, page.url]).toArray())).then((each) => each.flat()),
        db.pages.bulkGet(chunk.map(({ page }) => page.url)),
      ]);
      return { chunk, staged: copies.map((copy) => copy.snapshot), terms: new Map(copies.map((copy) => [copy.id, copy.terms])), locals };
    };
    // Reads, merging and writes overlap: the next chunk is read while this one is merged, and this
    // one is written while the next is merged. The database works in the browser's process, beside
    // this page. Chunks hold other pages, so none reads what another writes.
    let current = pageCount > 0 ? await readChunk(0) : null;
    let writing: Promise<unknown> = Promise.resolve();
    for (let i = 0; current; i += COMMIT_CHUNK) {
      options.onProgress?.({ phase: 'writing', done: i, total: pageCount });
      // Cancelling aborts the transaction: nothing of it is written.
      options.signal?.throwIfAborted();
      const reading = i + COMMIT_CHUNK < pageCount ? readChunk(i + COMMIT_CHUNK) : Promise.resolve(null);
      reading.catch(() => undefined);
      const { chunk, staged, terms, locals } = current;
      const snapshots = new Map(staged.map((snapshot) => [snapshot.id, snapshot]));
      const byPage = new Map<string, SnapshotRecord[]>();
      for (const snapshot of staged) byPage.set(snapshot.pageUrl, [...(byPage.get(snapshot.pageUrl) ?? []), snapshot]);
      const addSnapshots: SnapshotRecord[] = [];
      const putPages: PageRecord[] = [];
      const addSightings: Omit<SightingRecord, 'id'>[] = [];
      // The checks of a watched page are its evidence: kept, each once. Its watch is not: an archive
      // never makes this library send requests.
      const addChecks: NonNullable<StagedPage['checks']> = [];
      const reindex: PageRecord[] = [];
      const fresh = new Set<string>();
      const moved: PageRecord[] = [];
      for (const [j, { page, sightings, checks = [], renumber }] of chunk.entries()) {
        const imported = (byPage.get(page.url) ?? []).sort((a, b) => a.capturedAt - b.capturedAt);
        const local = locals[j];
        const own = sightings.filter((s) => s.pageUrl === page.url);
        if (!local) {
          // A page the library lacks comes as the archive has it; its count is what the archive holds.
          const next = { ...page, versionCount: imported.length };
          newPages++;
          addSnapshots.push(...(renumber ? imported.map((s, n) => (s.version === n + 1 ? s : { ...s, version: n + 1 })) : imported));
          putPages.push(next);
          addSightings.push(...own);
          addChecks.push(...checks);
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
        if (checks.length) {
          const checked = new Set((await db.checks.where('pageUrl').equals(page.url).toArray()).map((c) => `${c.at} ${c.outcome} ${c.url}`));
          addChecks.push(...checks.filter((c) => !checked.has(`${c.at} ${c.outcome} ${c.url}`)));
        }
        if (next.latestSnapshotId !== local.latestSnapshotId) reindex.push(next);
        else if (next.lastSavedAt !== local.lastSavedAt) moved.push(next);
      }
      // A page is found by its newest copy's words, as when it is saved: made while staging, or,
      // for a copy the library had, from its body.
      const rows: { page: PageRecord; snapshotId: string; terms: string[] }[] = [];
      for (const page of reindex) {
        const made = terms.get(page.latestSnapshotId);
        if (made) {
          rows.push({ page, snapshotId: page.latestSnapshotId, terms: made });
          continue;
        }
        const latest = await db.snapshots.get(page.latestSnapshotId);
        const body = await db.bodies.get(page.latestSnapshotId);
        if (latest && body) rows.push({ page, snapshotId: latest.id, terms: indexTerms({ ...latest, text: body.text }) });
      }
      const next = await reading;
      await writing;
      // Written side by side; `taken` keeps their keys apart. New pages' rows go in one bulk write;
      // a page the library had gets its row rewritten, or, if its newest copy stayed but its last
      // save moved (a later save in the archive), moved to the new key.
      writing = Promise.all([
        db.snapshots.bulkAdd(addSnapshots),
        db.pages.bulkPut(putPages),
        db.sightings.bulkAdd(addSightings),
        db.checks.bulkAdd(addChecks),
        addSearchRows(db, rows.filter((row) => fresh.has(row.page.url)), taken),
        ...rows.filter((row) => !fresh.has(row.page.url)).map(({ page, ...words }) => writeSearchRow(db, page, words, taken)),
        ...moved.map((page) => moveSearchRow(db, page, taken)),
      ]);
      // Its failure aborts the transaction and is met at the next await of it.
      writing.catch(() => undefined);
      current = next;
    }
    await writing;
    options.signal?.throwIfAborted();
    await db.stagedCopies.where('[importId+id]').between(...mine).delete();
    await db.stagedPages.where('[importId+seq]').between(...mine).delete();
    return newPages;
  });
}
