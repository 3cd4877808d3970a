/**
 * The benchmark's hands inside Chromium: the extension's own code (capture, store, search,
 * archives), bundled by bench/vite.bench.config.ts and evaluated by CDP in the page under test,
 * so every figure times the very functions the extension runs, on the extension's own database.
 * Nothing here ships: the extension is built without it.
 */
import Dexie from 'dexie';
import { capturePage } from '../utils/capture/capture-page';
import type { Capture } from '../utils/capture/types';
import type { PageRecord } from '../utils/store/records';
import { exportWacz } from '../utils/archive/wacz/export-wacz';
import { exportCar } from '../utils/archive/car/export-car';
import { exportArchive } from '../utils/archive/export-archive';
import { importArchive } from '../utils/archive/import-archive';
import { blobSource, entryNames, storedEntry } from '../utils/archive/zip-reader';
import { workerPacker } from '../utils/archive/worker-packer';
import { workerTerms } from '../utils/search/worker-terms';
import { workerEncryption } from '../utils/archive/worker-encryption';
import { countMatches, searchLibrary } from '../utils/search/search';
import { LibraryDatabase } from '../utils/store/db';
import { library } from '../utils/store/library';
import { recentPages, savedCopy } from '../utils/store/queries';
import { saveCapture } from '../utils/store/save-capture';
import { snapshotHash } from '../utils/integrity/snapshot-hash';
import { indexTerms } from '../utils/search/index-terms';
import { freeKey } from '../utils/search/search-key';
import { indexQueued } from '../utils/store/search-rows';
import { signSnapshot } from '../utils/integrity/signature';
import { signingKey } from '../utils/integrity/signing-key';
import { readFetchedPage } from '../utils/watch/read-fetched-page';
import { watchPage } from '../utils/watch/watches';
import { calibrateArgon2, libraryKeys, newLibraryKey, unwrapWithPassphrase, wrapWithPassphrase, type LibraryKeys } from '../utils/safety/library-key';
import { sealingMiddleware } from '../utils/store/sealed-tables';
import { KEYED_WORD_CHARS, keyedTerm } from '../utils/safety/sealed';

const now = () => performance.now();

/**
 * In an article page: bare Readability, then Samizdat's capture, on the same load. Bare Readability
 * comes from a script of its own (bench/bare-readability.ts, evaluated before this one), so that
 * each starts with its code not yet compiled, as the capture does when the extension injects it.
 */
function timeCaptureInPage(): { readability: number; capture: number; result: Capture | null } {
  const readability = (globalThis as unknown as { samizdatBareReadability: () => number }).samizdatBareReadability();
  const t = now();
  const outcome = capturePage(document, window);
  const capture = now() - t;
  return { readability, capture, result: outcome.ok ? outcome.capture : null };
}

/** In an article page: the capture alone, for benchmarks that only need what it keeps. */
function captureHere(): Capture | null {
  const outcome = capturePage(document, window);
  return outcome.ok ? outcome.capture : null;
}

/** In an extension page: store a capture as the background does (hash, signature, one transaction). */
async function timeStore(capture: Capture, at: number): Promise<number> {
  const t = now();
  await saveCapture(library(), capture, at);
  return now() - t;
}

/**
 * The parts of a store, each timed alone on the same capture (the store overlaps some of them):
 * what dominates the "store" half of a capture (docs/BENCHMARKS.md).
 */
async function storeParts(capture: Capture): Promise<Record<string, number>> {
  const db = library();
  let t = now();
  const id = await snapshotHash(capture);
  const hash = now() - t;
  t = now();
  const words = indexTerms(capture);
  const terms = now() - t;
  t = now();
  await signSnapshot(await signingKey(db), { id, kind: capture.kind, pageUrl: capture.canonicalUrl, sourceUrl: capture.canonicalUrl, loadedUrl: capture.loadedUrl, capturedAt: 0 }, 0);
  const sign = now() - t;
  // The floor: one transaction that writes only the copy's body, in a database of its own; one
  // that writes only its search row queued, as a save does; and one that writes it indexed (a
  // multi-entry index: one index entry per term), as the background's indexing later does; shaped
  // as the library's (utils/store/db.ts).
  floor ??= new Dexie('samizdat-bench-floor');
  if (!floor.isOpen()) {
    floor.version(1).stores({ bodies: '&id', words: '&key, &pageUrl, *terms, queued' });
    await floor.open();
  }
  t = now();
  await floor.table('bodies').put({ id: id + now(), html: capture.html, text: capture.text });
  const write = now() - t;
  const pageUrl = `${capture.canonicalUrl}#${now()}`;
  const key = freeKey(pageUrl, Date.now(), () => false)!;
  t = now();
  await floor.table('words').put({ key, pageUrl, snapshotId: id, queued: 1, queuedTerms: words });
  const queuedRow = now() - t;
  t = now();
  await floor.table('words').put({ key, pageUrl, snapshotId: id, terms: words });
  const searchRow = now() - t;
  return { hash, terms, sign, write, queuedRow, searchRow, termCount: words.length };
}
let floor: Dexie | undefined;

/** The reference workload every page-side time is divided by: 100 reads of one row by key. */
async function reference(): Promise<number> {
  const db = library();
  const first = await db.pages.orderBy(':id').first();
  const t = now();
  for (let i = 0; i < 100; i++) await db.pages.get(first?.url ?? '');
  return now() - t;
}

/** Saves, then their search rows indexed, as the background does after each save; returns the indexing's time. */
async function seed(captures: Capture[], start: number): Promise<number> {
  const db = library();
  for (const [i, capture] of captures.entries()) await saveCapture(db, capture, start + i);
  const t = now();
  await indexQueued(db);
  return now() - t;
}

/**
 * The first start after the update to schema version 3: a library of `count` pages as schema 2
 * kept them (pages, and search rows keyed by address), opened by today's code, which copies every
 * search row to its numeric key (utils/store/db.ts). Copies, texts and timelines do not move, so
 * they are left out.
 */
async function timeUpgrade(captures: Capture[], count: number): Promise<{ ms: number; rows: number }> {
  const name = 'samizdat-bench-upgrade';
  await Dexie.delete(name);
  const old = new LibraryDatabase(name, undefined, 2);
  const terms = captures.map((capture) => indexTerms(capture));
  const snapshotId = '0'.repeat(64);
  for (let i = 0; i < count; i += 250) {
    const pages: PageRecord[] = [];
    const rows: { pageUrl: string; snapshotId: string; terms: string[] }[] = [];
    for (let j = i; j < Math.min(count, i + 250); j++) {
      const capture = captures[j % captures.length]!;
      const url = `https://bench.example/${j}/${encodeURIComponent(capture.canonicalUrl)}`;
      const at = Date.UTC(2026, 0, 1) + j * 60_000;
      pages.push({ url, kind: capture.kind, title: capture.title, siteName: capture.siteName, firstSavedAt: at, lastSavedAt: at, lastSeenAt: at, versionCount: 1, latestSnapshotId: snapshotId, changed: false, tags: [], note: '' });
      rows.push({ pageUrl: url, snapshotId, terms: terms[j % captures.length]! });
    }
    await old.transaction('rw', [old.pages, old.table('search')], async () => {
      await old.pages.bulkAdd(pages);
      await old.table('search').bulkAdd(rows);
    });
  }
  old.close();
  const t = now();
  const db = new LibraryDatabase(name);
  await db.open();
  const ms = now() - t;
  const rows = await db.words.count();
  db.close();
  await Dexie.delete(name);
  return { ms, rows };
}

/**
 * A search as the library makes it: the newest hundred matches, then, for words on many pages,
 * their count (utils/search/search.ts), timed apart.
 */
async function timeSearch(query: string): Promise<{ ms: number; total: number; countMs: number | null }> {
  let t = now();
  const result = await searchLibrary(library(), query);
  const ms = now() - t;
  if (result.total !== null) return { ms, total: result.total, countMs: null };
  t = now();
  const total = await countMatches(library(), query);
  return { ms, total, countMs: now() - t };
}

async function timeOpen(): Promise<number> {
  const db = library();
  // A page from the middle of the library, not the newest (which the page cache may favour).
  const [page] = await recentPages(db, 1, Math.min(137, Math.floor((await db.pages.count()) / 2)));
  const t = now();
  await savedCopy(db, page!.latestSnapshotId);
  return now() - t;
}

let lastArchive: Blob | null = null;
let lastWebArchive: Blob | null = null;

/**
 * An export as the library page makes it, its files packed by the extension's built worker
 * (`worker`): of the whole library, or of its `count` newest pages, chosen in the library's list.
 */
/** An export of the newest `count` pages (all by default) as an archive, as a web archive (WACZ), or for IPFS (CAR). */
async function timeExport(worker: string, count?: number, format: 'archive' | 'wacz' | 'car' = 'archive'): Promise<{ ms: number; bytes: number }> {
  const db = library();
  const selection = count === undefined || count >= (await db.pages.count()) ? { all: true as const } : { pages: (await db.pages.orderBy('lastSavedAt').reverse().limit(count).primaryKeys()) as string[] };
  const packer = workerPacker(() => new Worker(worker));
  const t = now();
  let bytes = 0;
  try {
    const options = { selection, generator: 'Samizdat bench', win: window, pack: packer?.pack, warcPacker: packer?.warc };
    // The web archive is kept for the import of a WARC made by another tool (timeWarcImport).
    if (format === 'wacz') bytes = (lastWebArchive = await exportWacz(db, options)).size;
    else if (format === 'car') bytes = (await exportCar(db, { ...options, car: packer?.car })).blob.size;
    else bytes = (lastArchive = await exportArchive(db, options)).size;
  } finally {
    packer?.close();
  }
  return { ms: now() - t, bytes };
}

/**
 * The last archive exported, encrypted with a passphrase and decrypted again by the extension's
 * encryption worker (`worker`), as the export panel and Import… do: scrypt's second, then the
 * cipher over every byte.
 */
async function timeEncryption(worker: string): Promise<{ encryptMs: number; decryptMs: number; bytes: number; encryptedBytes: number }> {
  const encryption = workerEncryption(() => new Worker(worker));
  try {
    let t = now();
    const sealed = await encryption.encrypt(lastArchive!, 'a bench passphrase, long enough');
    const encryptMs = now() - t;
    t = now();
    const plain = await encryption.decrypt(sealed, 'a bench passphrase, long enough');
    const decryptMs = now() - t;
    if (plain.size !== lastArchive!.size) throw new Error('the decrypted archive differs in size');
    return { encryptMs, decryptMs, bytes: lastArchive!.size, encryptedBytes: sealed.size };
  } finally {
    encryption.close();
  }
}

/**
 * The last export imported into a new, empty library, deleted afterwards: Chromium keeps all of an
 * origin's databases in one LevelDB, which should hold what a user's holds (their library), not
 * every library imported before.
 */
async function timeImport(name: string, worker: string, queries: string[] = []): Promise<{ ms: number; readMs: number; pages: number; indexMs: number; indexed: number; queuedSearchMs: number[] }> {
  const db = new LibraryDatabase(name);
  // Its search terms made by the extension's built worker (`worker`), as the library page does.
  const terms = workerTerms(() => new Worker(worker));
  let t = now();
  // Its two phases as the import reports them: reading (checked and staged), then the commit.
  let read = t;
  let summary;
  try {
    summary = await importArchive(db, blobSource(lastArchive!), {
      terms: terms?.terms,
      onProgress: ({ phase }) => {
        if (phase === 'checking') read = now();
      },
    });
  } finally {
    terms?.close();
  }
  const ms = now() - t;
  const readMs = read - t;
  // Searches made before its rows are indexed: every queued row is read and tested.
  const queuedSearchMs: number[] = [];
  for (const query of queries) {
    t = now();
    await searchLibrary(db, query);
    queuedSearchMs.push(now() - t);
  }
  // Then, as the library page does next, its pages' search rows indexed (they are found meanwhile).
  t = now();
  const indexed = await indexQueued(db);
  const indexMs = now() - t;
  db.close();
  await Dexie.delete(name);
  return { ms, readMs, pages: summary.newPages, indexMs, indexed, queuedSearchMs };
}

/**
 * The last web archive's WARC files, joined into one `.warc.gz` (its gzip members one after the
 * other, as WARC writers make them) and imported into a new, empty library as a WARC made by
 * another tool: every record checked, every page read again by the capture (Readability and the
 * sanitizer on each), its images from the archive's records. Deleted afterwards.
 */
async function timeWarcImport(name: string, worker: string): Promise<{ ms: number; pages: number; bytes: number }> {
  const wacz = blobSource(lastWebArchive!);
  const parts: Blob[] = [];
  for (const file of ((await entryNames(wacz)) ?? []).filter((n) => /^archive\/.+\.warc\.gz$/.test(n)).sort()) {
    const stored = (await storedEntry(wacz, file))!;
    parts.push(lastWebArchive!.slice(stored.start, stored.start + stored.size));
  }
  const warc = new Blob(parts);
  lastWebArchive = null;
  const db = new LibraryDatabase(name);
  const terms = workerTerms(() => new Worker(worker));
  const t = now();
  let summary;
  try {
    summary = await importArchive(db, blobSource(warc), { fileName: 'bench.warc.gz', win: window, terms: terms?.terms });
  } finally {
    terms?.close();
  }
  const ms = now() - t;
  db.close();
  await Dexie.delete(name);
  return { ms, pages: summary.newPages, bytes: warc.size };
}

async function storage(): Promise<{ usage: number; pages: number; text: number; images: number }> {
  const db = library();
  const estimate = await navigator.storage.estimate();
  let text = 0;
  await db.bodies.each((body) => {
    text += new Blob([body.text]).size;
  });
  let images = 0;
  await db.assets.each((asset) => {
    images += asset.size;
  });
  return { usage: estimate.usage ?? 0, pages: await db.pages.count(), text, images };
}

/**
 * Watched pages for the watching benchmark (bench/watching.mjs): each page's HTML read as a check
 * reads it (so that a check finds it unchanged), saved, and watched. Answers how many.
 */
async function seedWatched(items: Array<{ url: string; html: string }>, at: number): Promise<number> {
  const db = library();
  for (const { url, html } of items) {
    const outcome = readFetchedPage(html, url, 'article', window);
    if (!outcome.ok) throw new Error(`${url}: ${outcome.reason}`);
    const saved = await saveCapture(db, outcome.capture, at);
    await watchPage(db, saved.pageUrl, 'daily', at);
  }
  return db.watches.count();
}

/** How many checks are recorded, and of which outcomes. */
async function checkCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  await library().checks.each((check) => {
    counts[check.outcome] = (counts[check.outcome] ?? 0) + 1;
  });
  return counts;
}

/**
 * The protected library's storage against the plain one (bench/protected.mjs): two databases in
 * this page, the same pages saved into both, one stored sealed (utils/store/sealed-tables.ts) with
 * keys held in this page's memory as an unlocked library holds them.
 */
const protectedKeys: LibraryKeys = ((globalThis as Record<string, unknown>).samizdatBenchKeys ??= libraryKeys(newLibraryKey())) as LibraryKeys;
const protectedLibraries: Record<'plain' | 'sealed', LibraryDatabase> = ((globalThis as Record<string, unknown>).samizdatBenchLibraries ??= (() => {
  const sealed = new LibraryDatabase('samizdat-bench-sealed');
  sealed.use(sealingMiddleware(() => protectedKeys));
  return { plain: new LibraryDatabase('samizdat-bench-plain'), sealed };
})()) as Record<'plain' | 'sealed', LibraryDatabase>;

/** Saves each capture into both libraries, then indexes their search rows; answers the pages each holds. */
async function protectedSeed(captures: Capture[], start: number): Promise<number[]> {
  for (const db of Object.values(protectedLibraries)) {
    for (const [i, capture] of captures.entries()) await saveCapture(db, capture, start + i);
    await indexQueued(db);
  }
  return Promise.all(Object.values(protectedLibraries).map((db) => db.pages.count()));
}

/** One figure in one library: the first rows of the list, a search, a copy opened, a save, an export. */
async function protectedTime(which: 'plain' | 'sealed', what: 'first rows' | 'search' | 'open' | 'save' | 'export', arg?: unknown): Promise<number> {
  const db = protectedLibraries[which];
  if (what === 'open') {
    const [page] = await recentPages(db, 1, 137);
    const t = now();
    await savedCopy(db, page!.latestSnapshotId);
    return now() - t;
  }
  const t = now();
  if (what === 'first rows') await recentPages(db, 50);
  else if (what === 'search') await searchLibrary(db, arg as string);
  else if (what === 'save') await saveCapture(db, arg as Capture, Date.now());
  else {
    const [worker, count] = arg as [string, number];
    const pages = (await db.pages.orderBy('lastSavedAt').reverse().limit(count).primaryKeys()) as string[];
    const packer = workerPacker(() => new Worker(worker));
    try {
      await exportArchive(db, { selection: { pages }, generator: 'Samizdat bench', win: window, pack: packer?.pack });
    } finally {
      packer?.close();
    }
  }
  return now() - t;
}

/** Unlocking: Argon2id at the costs calibrated on this machine, as turning protection on chooses them. */
async function protectedUnlock(runs: number): Promise<{ passes: number; times: number[] }> {
  const params = await calibrateArgon2();
  const wrapped = await wrapWithPassphrase(newLibraryKey(), 'a passphrase of the usual length', params);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = now();
    await unwrapWithPassphrase(wrapped, 'a passphrase of the usual length');
    times.push(now() - t);
  }
  return { passes: params.t, times };
}

/**
 * What a sealed search row's size costs the index walk (BENCH_ROW_SIZE=1 npm run bench:protected):
 * the words tables of both libraries copied, row for row, into fresh databases, the sealed rows as
 * stored and reshaped three ways (without their words' seal; keyed words cut to 11 characters;
 * both), then every index entry of `word` read from each copy, the copies in turn, `runs` times.
 * Raw IndexedDB: no Dexie, no middleware, nothing opened; the copies are written the same way, so
 * they differ only in their rows. Answers each copy's times (ms).
 */
async function protectedRowSize(word: string, runs: number): Promise<Record<string, number[]>> {
  const request = <T,>(r: IDBRequest<T>) => new Promise<T>((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
  const open = (name: string, create?: (db: IDBDatabase) => void) =>
    new Promise<IDBDatabase>((resolve, reject) => {
      const r = create ? indexedDB.open(name, 1) : indexedDB.open(name);
      if (create) r.onupgradeneeded = () => create(r.result);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
  const rowsOf = async (name: string) => {
    const db = await open(name);
    try {
      return (await request(db.transaction('words').objectStore('words').getAll())) as Record<string, unknown>[];
    } finally {
      db.close();
    }
  };
  const [plain, sealed] = await Promise.all([rowsOf('samizdat-bench-plain'), rowsOf('samizdat-bench-sealed')]);
  // As the sealed library stores it: the default length of a library protected now.
  const keyed = keyedTerm(protectedKeys.index, 'word', word, KEYED_WORD_CHARS);
  // A row not yet indexed (the saves just timed) has no keyed words to cut.
  const short = (row: Record<string, unknown>) => (Array.isArray(row.terms) ? { ...row, terms: (row.terms as string[]).map((term) => term.slice(0, 11)) } : row);
  const noWords = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).filter(([name]) => name !== '$apart'));
  const copies: [string, Record<string, unknown>[], string][] = [
    ['plain rows', plain, word],
    ['sealed rows as stored', sealed, keyed],
    ['sealed, without the words seal', sealed.map(noWords), keyed],
    ['sealed, keyed words cut to 11 characters', sealed.map(short), keyed.slice(0, 11)],
    ['sealed, both', sealed.map((row) => noWords(short(row))), keyed.slice(0, 11)],
  ];
  const dbs: IDBDatabase[] = [];
  for (const [i, [, rows]] of copies.entries()) {
    const name = `samizdat-bench-rows-${i}`;
    await new Promise((resolve) => Object.assign(indexedDB.deleteDatabase(name), { onsuccess: resolve, onerror: resolve }));
    const db = await open(name, (d) => {
      const store = d.createObjectStore('words', { keyPath: 'key' });
      store.createIndex('terms', 'terms', { multiEntry: true });
      store.createIndex('pageUrl', 'pageUrl');
    });
    for (let at = 0; at < rows.length; at += 250) {
      await new Promise((resolve, reject) => {
        const tx = db.transaction('words', 'readwrite');
        for (const row of rows.slice(at, at + 250)) tx.objectStore('words').put(row);
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
    }
    dbs.push(db);
  }
  const times: Record<string, number[]> = Object.fromEntries(copies.map(([label]) => [label, []]));
  for (let run = 0; run < runs; run++) {
    for (const [i, [label, , term]] of copies.entries()) {
      const t = now();
      await request(dbs[i]!.transaction('words').objectStore('words').index('terms').getAllKeys(IDBKeyRange.only(term)));
      times[label]!.push(now() - t);
    }
  }
  for (const [i, db] of dbs.entries()) {
    db.close();
    indexedDB.deleteDatabase(`samizdat-bench-rows-${i}`);
  }
  return times;
}

(globalThis as Record<string, unknown>).samizdatBench = { timeCaptureInPage, timeStore, storeParts, reference, seed, timeUpgrade, timeSearch, timeOpen, timeExport, timeEncryption, timeImport, timeWarcImport, storage, seedWatched, checkCounts, protectedSeed, protectedTime, protectedUnlock, protectedRowSize, captureHere, count: () => library().pages.count() };
