// npm run bench: Samizdat's speed in real Chromium, printed as a table and kept as JSON in
// bench/results/. Every time is a median over several runs with its p95, and a ratio to a baseline
// measured in the same run (these machines are noisy). docs/BENCHMARKS.md explains each figure.
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, hostname, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { serve } from '../scripts/serve.mjs';
import { launch, processorSeconds } from './browser.mjs';
import { median, p95, round } from './stats.mjs';
import { queriesFrom } from './queries.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CORPUS = fileURLToPath(new URL('../tests/fixtures/readability/', import.meta.url));
const FIXTURES = `${ROOT}tests/fixtures/pages/`;
const HARNESS = readFileSync(`${ROOT}dist/bench/harness.js`, 'utf8');
/** Bare Readability, in a script of its own so that it shares no compiled code with the capture (bench/bare-readability.ts). */
const BARE_READABILITY = readFileSync(`${ROOT}dist/bench/bare-readability.js`, 'utf8');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const LIBRARY_SIZE = Number(process.env.BENCH_PAGES ?? 10_000);
/**
 * Archive sizes exported and imported, growing: the peak heap must not grow with them. By default
 * a tenth of the library and all of it, the size the targets name: each is exported and imported
 * twice (timed, then with the heap sampled), about ten minutes of the run at 10,000 pages.
 */
const ARCHIVE_SIZES = (process.env.BENCH_ARCHIVE_PAGES ?? `${LIBRARY_SIZE / 10},${LIBRARY_SIZE}`).split(',').map(Number).filter((n) => n > 0 && n <= LIBRARY_SIZE);
/** Pages in the library whose upgrade to schema version 3 is timed: a fifth of the library by default. */
const UPGRADE_PAGES = Number(process.env.BENCH_UPGRADE_PAGES ?? LIBRARY_SIZE / 5);
const rows = [];
const mb = (bytes) => (bytes === null || bytes === undefined ? null : round(bytes / 1e6));
const log = (text) => process.stderr.write(`${text}\n`);

function figure(name, times, baseline, target, extra = {}) {
  const m = median(times);
  const row = { name, runs: times.length, median: round(m), p95: round(p95(times)), baseline: baseline === null ? null : round(baseline, 2), ratio: baseline ? round(m / baseline, 2) : null, target, ...extra };
  rows.push(row);
  log(`  ${name}: median ${row.median} ms, p95 ${row.p95} ms${row.ratio ? `, ${row.ratio}× baseline` : ''}`);
  return row;
}

async function harnessIn(page) {
  await page.evaluate(HARNESS);
}

const pages = readdirSync(CORPUS, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).slice(0, Number(process.env.BENCH_CORPUS ?? Infinity));
const site = await serve({
  ...Object.fromEntries(pages.map((name) => [`/corpus/${name}.html`, `${CORPUS}${name}/source.html.gz`])),
  '/ru/hospital.html': { file: `${FIXTURES}cp1251.html`, type: 'text/html' },
  '/fa/hospital.html': `${FIXTURES}persian.html`,
});

// 1. Capture: bare Readability and Samizdat's capture on the same page load, then the store.
log(`Capture, ${pages.length} corpus pages × ${RUNS} runs`);
let browser = await launch();
const ext = await browser.context.newPage();
// The settings page: no live lists that would redraw on every write and be timed with it.
await ext.goto(browser.extensionUrl('options.html'));
await harnessIn(ext);
const article = await browser.context.newPage();
const perPage = [];
const captures = [];
for (const path of [...pages.map((name) => `/corpus/${name}.html`), '/ru/hospital.html', '/fa/hospital.html']) {
  const runs = [];
  for (let run = 0; run < RUNS; run++) {
    await article.goto(site.url + path, { waitUntil: 'domcontentloaded' });
    await article.evaluate(BARE_READABILITY);
    await harnessIn(article);
    const inPage = await article.evaluate(() => globalThis.samizdatBench.timeCaptureInPage());
    if (!inPage.result) break;
    const capture = { ...inPage.result, canonicalUrl: `${inPage.result.canonicalUrl}#bench-${run}` };
    const store = await ext.evaluate(([c, at]) => globalThis.samizdatBench.timeStore(c, at), [capture, Date.now()]);
    const parts = await ext.evaluate((c) => globalThis.samizdatBench.storeParts(c), capture);
    runs.push({ readability: inPage.readability, samizdat: inPage.capture + store, capture: inPage.capture, store, ...parts });
    if (run === 0) captures.push(inPage.result);
  }
  const of = (name) => median(runs.map((r) => r[name]));
  if (runs.length && path.startsWith('/corpus/')) perPage.push({ path, readability: of('readability'), samizdat: of('samizdat'), capture: of('capture'), store: of('store'), hash: of('hash'), terms: of('terms'), sign: of('sign'), write: of('write'), queuedRow: of('queuedRow'), searchRow: of('searchRow'), termCount: of('termCount') });
}
const ratios = perPage.map((p) => p.samizdat / Math.max(p.readability, 0.1));
figure('capture: bare Readability.parse (baseline)', perPage.map((p) => p.readability), null, 'for scale');
figure('capture: Samizdat, request to committed transaction', perPage.map((p) => p.samizdat), median(perPage.map((p) => p.readability)), 'median of per-page ratios ≤ 1.5×, p95 < 100 ms', {
  medianPerPageRatio: round(median(ratios), 2),
  captureInPageMedian: round(median(perPage.map((p) => p.capture))),
  storeMedian: round(median(perPage.map((p) => p.store))),
  // Each part of the store timed alone: the rest of the store is IndexedDB's transaction.
  storePartsMedian: { hash: round(median(perPage.map((p) => p.hash))), terms: round(median(perPage.map((p) => p.terms))), sign: round(median(perPage.map((p) => p.sign))), write: round(median(perPage.map((p) => p.write))), queuedRow: round(median(perPage.map((p) => p.queuedRow))), searchRow: round(median(perPage.map((p) => p.searchRow))), termCount: median(perPage.map((p) => p.termCount)) },
  pages: perPage.length,
});
await browser.close();
// BENCH_ONLY=capture: the capture's figures alone, in a few minutes, for a change to the capture.
if (process.env.BENCH_ONLY === 'capture') {
  const c = rows.find((r) => r.name.startsWith('capture: Samizdat'));
  console.table(rows.map((r) => ({ figure: r.name, 'median ms': r.median, 'p95 ms': r.p95, '× baseline': r.ratio })));
  console.log(`capture: median of per-page ratios to bare Readability ${c.medianPerPageRatio}× (in page ${c.captureInPageMedian} ms + store ${c.storeMedian} ms), ${c.pages} pages × ${RUNS} runs`);
  await site.close();
  process.exit(0);
}

// 2. A library of LIBRARY_SIZE pages, from the captures above (130 pages in ten languages and scripts, repeated).
log(`Seeding a library of ${LIBRARY_SIZE} pages`);
browser = await launch();
const lib = await browser.context.newPage();
await lib.goto(browser.extensionUrl('options.html'));
await harnessIn(lib);
const seedStarted = Date.now();
/** The background's indexing of each batch of saves' search rows, per page. */
const seedIndexing = [];
async function seedTo(total) {
  let have = await lib.evaluate(() => globalThis.samizdatBench.count());
  while (have < total) {
    const batch = [];
    for (let i = have; i < Math.min(total, have + 250); i++) {
      const base = captures[i % captures.length];
      batch.push({ ...base, canonicalUrl: `https://bench.example/${i}/${encodeURIComponent(base.canonicalUrl)}`, title: `${base.title} №${i}` });
    }
    seedIndexing.push((await lib.evaluate(([b, at]) => globalThis.samizdatBench.seed(b, at), [batch, Date.UTC(2026, 0, 1) + have * 60_000])) / batch.length);
    have += batch.length;
    if (have % 1000 === 0) log(`  seeded ${have} pages (${round((Date.now() - seedStarted) / 1000)} s)`);
  }
}

// Export and import at two sizes (below): the peak heap of the page must not grow with the archive.
const cdp = await browser.context.newCDPSession(lib);
/**
 * The most the page kept alive while `work` ran: each second, a garbage collection then the heap
 * in use. (Sampling without collecting would count garbage V8 had not yet needed to collect.)
 * The collections slow the work itself (an export of 2,000 pages took 31 s sampled, 14 s not),
 * so times come from runs that are not sampled.
 */
async function peakHeapDuring(work) {
  let peak = 0;
  let peakEmbedder = 0;
  let running = true;
  const rss = processMemory(browser.userDataDir);
  rss?.resetPeak();
  const sampler = (async () => {
    while (running) {
      await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize, embedderHeapUsedSize } = await cdp.send('Runtime.getHeapUsage');
      peak = Math.max(peak, usedSize);
      // Blink's own objects (DOM nodes, IndexedDB requests and their results), beside V8's.
      peakEmbedder = Math.max(peakEmbedder, embedderHeapUsedSize ?? 0);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  })();
  try {
    const result = await work();
    return { result, peak, peakEmbedder, peakRss: rss?.peak() ?? null };
  } finally {
    running = false;
    await sampler;
  }
}

/**
 * The extension's renderer process (its pages and, in Chromium, its service worker), by its
 * command line, on Linux: its resident memory counts what the JavaScript heap does not (array
 * buffers, Blob bytes on their way to the browser process, IndexedDB's buffers). `resetPeak`
 * starts the kernel's high-water mark (VmHWM) afresh; `peak` reads it. Null elsewhere.
 */
function processMemory(userDataDir) {
  let pid;
  try {
    pid = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).find((name) => {
      try {
        // Chromium rewrites its processes' titles, so the arguments may be joined by spaces, not NULs.
        const args = readFileSync(`/proc/${name}/cmdline`, 'utf8').split(/[\0 ]/);
        return args.includes('--type=renderer') && args.includes('--extension-process') && args.includes(`--user-data-dir=${userDataDir}`);
      } catch {
        return false;
      }
    });
  } catch {
    return null;
  }
  if (!pid) return null;
  const field = (name) => Number(/(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((line) => line.startsWith(name)) ?? '')?.[1]) * 1024 || null;
  return {
    resetPeak: () => {
      try {
        writeFileSync(`/proc/${pid}/clear_refs`, '5');
      } catch {
        // Not allowed here: the peak then counts from the process's start.
      }
    },
    peak: () => field('VmHWM:'),
    now: () => field('VmRSS:'),
  };
}
/** The processor time `work` took, beside its result. */
async function withProcessorTime(work) {
  const before = processorSeconds(browser.userDataDir);
  const result = await work();
  const after = processorSeconds(browser.userDataDir);
  return { ...result, cpuSeconds: before === null || after === null ? null : after - before };
}
/** The extension's own workers, as the library page starts them: packing an export's files, making an import's search terms. */
const builtWorker = (name) => `/assets/${readdirSync(`${ROOT}.output/chrome-mv3/assets`).find((file) => file.startsWith(name))}`;
const PACK_WORKER = builtWorker('pack-worker');
const TERMS_WORKER = builtWorker('terms-worker');
const ENCRYPTION_WORKER = builtWorker('encryption-worker');
await seedTo(LIBRARY_SIZE);
log(`  (seeding took ${round((Date.now() - seedStarted) / 1000)} s)`);

// 3. The popup, opened by a real toolbar click on an article: time to its state and recent saves.
log('Popup ready, library open, search, opening a copy');
const tab = await browser.context.newPage();
await tab.goto(`${site.url}/corpus/guardian-1.html`, { waitUntil: 'domcontentloaded' });
const popupBaselines = [];
/** When the page's own script had run (DOMContentLoaded): what comes before is the browser starting an extension page. */
const popupStarts = [];
/** When the popup had read the page itself (after its first answer, from the address). */
let readTimes = [];
/** Toolbar clicks on the article, each timed to the popup's state and recent saves. */
async function popupRuns(reload) {
  const times = [];
  for (let run = 0; run < Math.max(RUNS, 5); run++) {
    if (reload) await tab.goto(`${site.url}/corpus/guardian-1.html`, { waitUntil: 'domcontentloaded' });
    const popup = await browser.clickToolbar(tab);
    // Ready: the recent saves, and a sentence about the tab (the first comes from its address).
    // Each time is read in the page, in the frame that first shows it: read by a call from here
    // afterwards, it counted the call's round trip too (13 to 48 ms, median 29, in a lab run of
    // nine library loads on 6 December).
    const ready = await popup.waitForFunction(() => document.querySelectorAll('.saved-list .saved-item').length >= 10 && document.querySelector('.state:not(.state-reading)') && performance.now(), { polling: 'raf', timeout: 30_000 });
    times.push(await ready.jsonValue());
    // Then the page itself read: whether it changed, whether it is an article.
    const read = await popup.waitForFunction(() => document.querySelector('.state:not(.state-reading):not(.state-checking)') && performance.now(), { polling: 'raf', timeout: 30_000 });
    readTimes.push(await read.jsonValue());
    popupStarts.push(await popup.evaluate(() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd));
    await popup.evaluate(HARNESS);
    popupBaselines.push(await popup.evaluate(() => globalThis.samizdatBench.reference()));
    await popup.close().catch(() => {});
  }
  return times;
}
// A fresh load before each click: the first look at a page, before any capture code is in it.
const firstLook = await popupRuns(true);
const firstRead = readTimes;
readTimes = [];
// Then again on the same load: the capture code is already in the page (as when Save follows).
const againLook = await popupRuns(false);
figure(`popup ready with ${LIBRARY_SIZE} pages (click to state and recent saves)`, firstLook, median(popupBaselines), '< 150 ms median', { pageStartMedian: round(median(popupStarts)) });
figure('popup ready, same page opened again', againLook, median(popupBaselines), '—');
figure('popup: the page itself read (changed since? an article?)', firstRead, median(popupBaselines), 'reported');

const firstRows = [];
const libraryStarts = [];
for (let run = 0; run < Math.max(RUNS, 5); run++) {
  const page = await browser.context.newPage();
  await page.goto(browser.extensionUrl('library.html'));
  // Read in the frame that first shows a row, as the popup's times are.
  const shown = await page.waitForFunction(() => document.querySelector('.saved-item') && performance.now(), null, { polling: 'raf' });
  firstRows.push(await shown.jsonValue());
  libraryStarts.push(await page.evaluate(() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd));
  await page.close();
}
const reference = [];
for (let run = 0; run < 7; run++) reference.push(await lib.evaluate(() => globalThis.samizdatBench.reference()));
const baseline = median(reference);
figure(`library first rows with ${LIBRARY_SIZE} pages`, firstRows, baseline, '< 50 ms', { pageStartMedian: round(median(libraryStarts)) });

const QUERIES = queriesFrom(captures);
const searchTimes = [];
const countTimes = [];
for (const [kind, query] of Object.entries(QUERIES)) {
  const times = [];
  const counts = [];
  let total = 0;
  for (let run = 0; run < 7; run++) {
    const r = await lib.evaluate((q) => globalThis.samizdatBench.timeSearch(q), query);
    times.push(r.ms);
    if (r.countMs !== null) counts.push(r.countMs);
    total = r.total;
  }
  searchTimes.push(...times);
  countTimes.push(...counts);
  figure(`search “${query}” (${kind}, ${total} pages found)`, times, baseline, '—', counts.length ? { countMedian: round(median(counts)) } : {});
}
figure('search, all queries: the newest hundred shown', searchTimes, baseline, '< 30 ms median, < 100 ms p95');
// Words on many pages: the count the library shows after the results.
if (countTimes.length) figure('search, the count that follows for words on many pages', countTimes, baseline, 'reported');
const opens = [];
for (let run = 0; run < 7; run++) opens.push(await lib.evaluate(() => globalThis.samizdatBench.timeOpen()));
figure('open one saved copy (snapshot, body, images)', opens, baseline, '< 50 ms');

// Storage, before the archives: their imports' databases, deleted afterwards, would be counted
// in LevelDB's files until it compacts them.
const store = await lib.evaluate(() => globalThis.samizdatBench.storage());
rows.push({ name: 'storage per page', runs: 1, median: null, p95: null, baseline: null, ratio: null, target: 'reported', bytesPerPage: Math.round(store.usage / store.pages), textBytesPerPage: Math.round(store.text / store.pages), imageBytesPerPage: Math.round(store.images / store.pages), pages: store.pages });
log(`  storage: ${Math.round(store.usage / store.pages)} bytes a page on disk, for ${Math.round(store.text / store.pages)} bytes of text and ${Math.round(store.images / store.pages)} of images`);

// 4. Export and import at two sizes, from the whole library: the newest pages of it, then all.
// After the figures above, so that searching and opening are timed on the library as a reader
// has it, not right after a 10,000-page database was written and deleted beside it.
const archiveRows = [];
const waczRows = [];
const carRows = [];
const warcRows = [];
const encryptionRows = [];
for (const size of ARCHIVE_SIZES) {
  await cdp.send('HeapProfiler.collectGarbage');
  const base = (await cdp.send('Runtime.getHeapUsage')).usedSize;
  const baseRss = processMemory(browser.userDataDir)?.now() ?? null;
  // Timed first, then again with the heap sampled.
  const exportTimed = await withProcessorTime(() => lib.evaluate((w) => globalThis.samizdatBench.timeExport(...w), [PACK_WORKER, size]));
  // That archive encrypted with a passphrase and decrypted again, as an encrypted export and its import do.
  const sealed = await lib.evaluate((w) => globalThis.samizdatBench.timeEncryption(w), ENCRYPTION_WORKER);
  encryptionRows.push({ size, ...sealed, exportMs: exportTimed.ms });
  log(`  ${size} pages: the ${round(sealed.bytes / 1e6)} MB archive encrypted in ${round(sealed.encryptMs / 1000, 1)} s (${round(sealed.encryptMs / exportTimed.ms, 2)}× more on its export) and decrypted in ${round(sealed.decryptMs / 1000, 1)} s, each with scrypt's second`);
  const importTimed = await withProcessorTime(() => lib.evaluate((a) => globalThis.samizdatBench.timeImport(...a), [`samizdat-bench-import-${size}`, TERMS_WORKER, Object.values(queriesFrom(captures))]));
  const exported = await peakHeapDuring(() => lib.evaluate((w) => globalThis.samizdatBench.timeExport(...w), [PACK_WORKER, size]));
  // The same pages as a web archive (WACZ), timed, then with the heap sampled.
  const waczTimed = await withProcessorTime(() => lib.evaluate((w) => globalThis.samizdatBench.timeExport(...w), [PACK_WORKER, size, 'wacz']));
  const waczExported = await peakHeapDuring(() => lib.evaluate((w) => globalThis.samizdatBench.timeExport(...w), [PACK_WORKER, size, 'wacz']));
  waczRows.push({ size, ms: waczTimed.ms, cpu: waczTimed.cpuSeconds, bytes: waczTimed.bytes, peak: waczExported.peak, peakRss: waczExported.peakRss, peakEmbedder: waczExported.peakEmbedder, baseHeap: base, baseRss, archiveMs: exportTimed.ms });
  log(`  ${size} pages: web archive (WACZ) ${round(waczTimed.ms / 1000)} s (${round(waczTimed.bytes / 1e6)} MB), ${round(waczTimed.ms / exportTimed.ms, 2)}× the archive's export; peak heap ${round(waczExported.peak / 1e6)} MB`);
  // The same pages for IPFS (a CAR), timed, then with the heap sampled.
  const carTimed = await withProcessorTime(() => lib.evaluate((w) => globalThis.samizdatBench.timeExport(...w), [PACK_WORKER, size, 'car']));
  const carExported = await peakHeapDuring(() => lib.evaluate((w) => globalThis.samizdatBench.timeExport(...w), [PACK_WORKER, size, 'car']));
  carRows.push({ size, ms: carTimed.ms, cpu: carTimed.cpuSeconds, bytes: carTimed.bytes, peak: carExported.peak, peakRss: carExported.peakRss, peakEmbedder: carExported.peakEmbedder, baseHeap: base, baseRss, archiveMs: exportTimed.ms });
  log(`  ${size} pages: for IPFS (CAR) ${round(carTimed.ms / 1000)} s (${round(carTimed.bytes / 1e6)} MB), ${round(carTimed.ms / exportTimed.ms, 2)}× the archive's export; peak heap ${round(carExported.peak / 1e6)} MB`);
  // Those WARC files, as one .warc.gz from another tool: every page read again by the capture.
  // Once, with the heap sampled (its time is slowed a little by the sampling's collections).
  const warcImported = await peakHeapDuring(() => lib.evaluate((a) => globalThis.samizdatBench.timeWarcImport(...a), [`samizdat-bench-warc-${size}`, TERMS_WORKER]));
  warcRows.push({ size, ms: warcImported.result.ms, pages: warcImported.result.pages, bytes: warcImported.result.bytes, peak: warcImported.peak, peakRss: warcImported.peakRss, peakEmbedder: warcImported.peakEmbedder, baseHeap: base, baseRss });
  log(`  ${size} pages: a ${round(warcImported.result.bytes / 1e6)} MB WARC from another tool imported in ${round(warcImported.result.ms / 1000)} s (${warcImported.result.pages} pages read by the capture); peak heap ${round(warcImported.peak / 1e6)} MB, the extension's process at most ${mb(warcImported.peakRss)} MB resident`);
  const imported = await peakHeapDuring(() => lib.evaluate((a) => globalThis.samizdatBench.timeImport(...a), [`samizdat-bench-import-${size}`, TERMS_WORKER]));
  archiveRows.push({ size, exportCpu: exportTimed.cpuSeconds, importCpu: importTimed.cpuSeconds, exportMs: exportTimed.ms, importMs: importTimed.ms, importReadMs: importTimed.readMs, indexMs: importTimed.indexMs, queuedSearchMs: importTimed.queuedSearchMs, bytes: exportTimed.bytes, imported: importTimed.pages, baseHeap: base, exportPeak: exported.peak, importPeak: imported.peak, baseRss, exportPeakRss: exported.peakRss, importPeakRss: imported.peakRss, exportPeakEmbedder: exported.peakEmbedder, importPeakEmbedder: imported.peakEmbedder });
  log(`  ${size} pages: processor time of the browser's processes ${round(exportTimed.cpuSeconds)} s exporting, ${round(importTimed.cpuSeconds)} s importing and indexing (on ${cpus().length} cores)`);
  log(`  ${size} pages: export ${round(exportTimed.ms / 1000)} s (${round(exportTimed.bytes / 1e6)} MB), import ${round(importTimed.ms / 1000)} s (${round(importTimed.readMs / 1000)} s reading, checking and staging the archive, the rest its last transaction), then its search rows indexed in ${round(importTimed.indexMs / 1000)} s (a search before that: median ${round(median(importTimed.queuedSearchMs))} ms); heap ${round(base / 1e6)} MB at rest, peak ${round(exported.peak / 1e6)} MB exporting, ${round(imported.peak / 1e6)} MB importing (Blink's heap at most ${mb(exported.peakEmbedder)} and ${mb(imported.peakEmbedder)} MB); the extension's process ${mb(baseRss)} MB resident at rest, at most ${mb(exported.peakRss)} MB exporting and ${mb(imported.peakRss)} MB importing`);
}
// The first start after the update to schema version 3, on a library kept by schema 2.
const upgradeRows = [];
if (UPGRADE_PAGES > 0) {
  const upgraded = await lib.evaluate(([c, n]) => globalThis.samizdatBench.timeUpgrade(c, n), [captures, UPGRADE_PAGES]);
  upgradeRows.push({ pages: UPGRADE_PAGES, ...upgraded });
  log(`  schema 3 upgrade of ${UPGRADE_PAGES} pages: ${round(upgraded.ms / 1000)} s (${upgraded.rows} search rows moved)`);
}
for (const row of waczRows) {
  rows.push({ name: `export ${row.size} pages as a web archive (WACZ)`, runs: 1, median: round(row.ms), p95: null, baseline: round(baseline, 2), ratio: round(row.ms / baseline, 0), target: 'as the archive\'s export', archiveRatio: round(row.ms / row.archiveMs, 2), cpuSeconds: round(row.cpu), archiveMB: round(row.bytes / 1e6), peakHeapMB: round(row.peak / 1e6), restHeapMB: round(row.baseHeap / 1e6), peakRssMB: mb(row.peakRss), restRssMB: mb(row.baseRss), peakEmbedderMB: mb(row.peakEmbedder) });
}
for (const row of carRows) {
  rows.push({ name: `export ${row.size} pages for IPFS (CAR)`, runs: 1, median: round(row.ms), p95: null, baseline: round(baseline, 2), ratio: round(row.ms / baseline, 0), target: 'within 1.2× of the archive\'s export', archiveRatio: round(row.ms / row.archiveMs, 2), cpuSeconds: round(row.cpu), archiveMB: round(row.bytes / 1e6), peakHeapMB: round(row.peak / 1e6), restHeapMB: round(row.baseHeap / 1e6), peakRssMB: mb(row.peakRss), restRssMB: mb(row.baseRss), peakEmbedderMB: mb(row.peakEmbedder) });
}
for (const row of encryptionRows) {
  rows.push({ name: `encrypt the ${row.size}-page archive with a passphrase (age)`, runs: 1, median: round(row.encryptMs), p95: null, baseline: round(baseline, 2), ratio: round(row.encryptMs / baseline, 0), target: 'reported', archiveRatio: round(row.encryptMs / row.exportMs, 2), archiveMB: round(row.bytes / 1e6) });
  rows.push({ name: `decrypt the ${row.size}-page encrypted archive (before its import)`, runs: 1, median: round(row.decryptMs), p95: null, baseline: round(baseline, 2), ratio: round(row.decryptMs / baseline, 0), target: 'reported', archiveRatio: round(row.decryptMs / row.exportMs, 2), archiveMB: round(row.encryptedBytes / 1e6) });
}
for (const row of warcRows) {
  rows.push({ name: `import ${row.size} pages from a WARC made by another tool`, runs: 1, median: round(row.ms), p95: null, baseline: round(baseline, 2), ratio: round(row.ms / baseline, 0), target: 'within the archive import\'s memory', pages: row.pages, archiveMB: round(row.bytes / 1e6), peakHeapMB: round(row.peak / 1e6), restHeapMB: round(row.baseHeap / 1e6), peakRssMB: mb(row.peakRss), restRssMB: mb(row.baseRss), peakEmbedderMB: mb(row.peakEmbedder) });
}
for (const row of archiveRows) {
  rows.push({ name: `export ${row.size} pages`, runs: 1, median: round(row.exportMs), p95: null, baseline: round(baseline, 2), ratio: round(row.exportMs / baseline, 0), target: '< 60 s', cpuSeconds: round(row.exportCpu), archiveMB: round(row.bytes / 1e6), peakHeapMB: round(row.exportPeak / 1e6), restHeapMB: round(row.baseHeap / 1e6), peakRssMB: mb(row.exportPeakRss), restRssMB: mb(row.baseRss), peakEmbedderMB: mb(row.exportPeakEmbedder) });
  rows.push({ name: `import ${row.size} pages`, runs: 1, median: round(row.importMs), p95: null, baseline: round(baseline, 2), ratio: round(row.importMs / baseline, 0), target: '< 60 s', cpuSecondsWithIndexing: round(row.importCpu), readMs: round(row.importReadMs), peakHeapMB: round(row.importPeak / 1e6), restHeapMB: round(row.baseHeap / 1e6), peakRssMB: mb(row.importPeakRss), restRssMB: mb(row.baseRss), peakEmbedderMB: mb(row.importPeakEmbedder) });
  // After the import, in the background: its pages are found meanwhile, from their queued rows.
  rows.push({ name: `indexing the ${row.size} imported pages' search rows (background, after the import)`, runs: 1, median: round(row.indexMs), p95: null, baseline: round(baseline, 2), ratio: round(row.indexMs / baseline, 0), target: 'reported' });
  rows.push({ name: `search with the ${row.size} imported pages' rows still queued (six queries, once each)`, runs: row.queuedSearchMs.length, median: round(median(row.queuedSearchMs)), p95: round(p95(row.queuedSearchMs)), baseline: round(baseline, 2), ratio: round(median(row.queuedSearchMs) / baseline, 2), target: 'reported' });
}
rows.push({ name: 'indexing a save\'s search row (background, after the save), per page', runs: seedIndexing.length, median: round(median(seedIndexing)), p95: round(p95(seedIndexing)), baseline: round(baseline, 2), ratio: round(median(seedIndexing) / baseline, 2), target: 'reported' });

for (const row of upgradeRows) {
  rows.push({ name: `first start after the schema 3 update, ${row.pages} pages`, runs: 1, median: round(row.ms), p95: null, baseline: round(baseline, 2), ratio: round(row.ms / baseline, 0), target: 'reported', rowsMoved: row.rows });
}


const result = { date: new Date().toISOString(), machine: { hostname: hostname(), cpus: cpus().length, cpu: cpus()[0]?.model, memoryGB: round(totalmem() / 2 ** 30) }, browser: `Chromium ${browser.version}`, node: process.version, runs: RUNS, librarySize: LIBRARY_SIZE, figures: rows };
await browser.close();
await site.close();

mkdirSync(`${ROOT}bench/results`, { recursive: true });
// Date and minute in the name: a second run the same day must not overwrite the first.
const file = `${ROOT}bench/results/${result.date.slice(0, 16).replace(':', '')}-${hostname()}-${LIBRARY_SIZE}.json`;
writeFileSync(file, `${JSON.stringify(result, null, 1)}\n`);
console.log(`\nSamizdat benchmark, ${result.browser}, ${result.machine.cpus} × ${result.machine.cpu}, ${result.date}\n`);
console.table(rows.map((r) => ({ figure: r.name, 'median ms': r.median, 'p95 ms': r.p95, '× baseline': r.ratio, target: r.target })));
const capture = rows.find((r) => r.name.startsWith('capture: Samizdat'));
console.log(`capture: median of per-page ratios to bare Readability ${capture.medianPerPageRatio}× (in page ${capture.captureInPageMedian} ms + store ${capture.storeMedian} ms; alone, hash ${capture.storePartsMedian.hash} ms, search terms ${capture.storePartsMedian.terms} ms, signature ${capture.storePartsMedian.sign} ms, one transaction writing only the body ${capture.storePartsMedian.write} ms, only the search row of ${capture.storePartsMedian.termCount} terms queued ${capture.storePartsMedian.queuedRow} ms, the same row indexed ${capture.storePartsMedian.searchRow} ms)`);
for (const r of rows.filter((x) => x.pageStartMedian !== undefined)) console.log(`${r.name}: the page's own script had run at ${r.pageStartMedian} ms (median)`);
for (const r of rows.filter((x) => x.name.startsWith('export') || x.name.startsWith('import'))) console.log(`${r.name}: ${r.cpuSeconds ? `${r.cpuSeconds} s of processor time over ${round(r.median / 1000)} s (${round(r.cpuSeconds / (r.median / 1000), 2)} of ${result.machine.cpus} cores busy); ` : ''}${r.cpuSecondsWithIndexing ? `${r.cpuSecondsWithIndexing} s of processor time with its searches and indexing after; ` : ''}peak heap ${r.peakHeapMB} MB (at rest ${r.restHeapMB} MB), Blink's ${r.peakEmbedderMB} MB; extension process at most ${r.peakRssMB} MB resident (at rest ${r.restRssMB} MB)${r.archiveMB ? `, archive ${r.archiveMB} MB` : ''}`);
console.log(`storage: ${store.usage ? Math.round(store.usage / store.pages) : '?'} bytes a page on disk; text ${Math.round(store.text / store.pages)} bytes, images ${Math.round(store.images / store.pages)} bytes a page`);
console.log(`\nwritten to ${file}`);
