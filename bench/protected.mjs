// npm run bench:protected: the protected library's storage (utils/store/sealed-tables.ts, as
// every extension context uses it) against the plain one, in real Chromium. The same library of
// BENCH_PAGES pages (10,000 by default; the corpus's captures repeated, as bench/run.mjs seeds
// it) is saved into a plain database and a sealed one in one extension page; then each figure is
// timed in both, alternately, and printed as medians, p95s and the sealed-to-plain ratio, the form
// issue 25 sets its targets in (search and first rows within 1.3×, a save within 1.2×). Unlocking
// is timed at the Argon2id costs calibrated on this machine. BENCH_ROW_SIZE=1 adds what a sealed
// search row's size costs the index walk (bench/harness.ts, protectedRowSize). docs/BENCHMARKS.md
// quotes it.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve } from '../scripts/serve.mjs';
import { launch } from './browser.mjs';
import { queriesFrom } from './queries.mjs';
import { median, p95, round } from './stats.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CORPUS = fileURLToPath(new URL('../tests/fixtures/readability/', import.meta.url));
const HARNESS = readFileSync(`${ROOT}dist/bench/harness.js`, 'utf8');
const PAGES = Number(process.env.BENCH_PAGES ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const EXPORT_PAGES = Math.min(PAGES, Number(process.env.BENCH_EXPORT_PAGES ?? 1000));
const log = (text) => process.stderr.write(`${text}\n`);
const PACK_WORKER = `/assets/${readdirSync(`${ROOT}.output/chrome-mv3/assets`).find((file) => file.startsWith('pack-worker'))}`;

const names = readdirSync(CORPUS, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
const site = await serve(Object.fromEntries(names.map((name) => [`/corpus/${name}.html`, `${CORPUS}${name}/source.html.gz`])));
const browser = await launch();
try {
  // The corpus captured in its own pages, as the content script captures.
  const article = await browser.context.newPage();
  const captures = [];
  for (const name of names) {
    await article.goto(`${site.url}/corpus/${name}.html`, { waitUntil: 'domcontentloaded' });
    await article.evaluate(HARNESS);
    const capture = await article.evaluate(() => globalThis.samizdatBench.captureHere());
    if (capture) captures.push(capture);
  }
  await article.close();

  const lib = await browser.context.newPage();
  await lib.goto(browser.extensionUrl('options.html'));
  await lib.evaluate(HARNESS);
  log(`Seeding ${PAGES} pages into a plain and a sealed library`);
  const started = Date.now();
  for (let have = 0; have < PAGES; have += 250) {
    const batch = [];
    for (let i = have; i < Math.min(PAGES, have + 250); i++) {
      const base = captures[i % captures.length];
      batch.push({ ...base, canonicalUrl: `https://bench.example/${i}/${encodeURIComponent(base.canonicalUrl)}`, title: `${base.title} №${i}` });
    }
    await lib.evaluate(([b, at]) => globalThis.samizdatBench.protectedSeed(b, at), [batch, Date.UTC(2026, 0, 1) + have * 60_000]);
    if ((have + 250) % 2000 === 0) log(`  ${have + 250} pages (${round((Date.now() - started) / 1000)} s)`);
  }

  const rows = [];
  /** Times one figure in both libraries, alternately, RUNS times each. */
  async function compare(name, what, arg, target) {
    const times = { plain: [], sealed: [] };
    for (let run = 0; run < RUNS; run++) {
      for (const which of ['plain', 'sealed']) {
        const value = typeof arg === 'function' ? arg(run) : arg;
        times[which].push(await lib.evaluate(([w, x, a]) => globalThis.samizdatBench.protectedTime(w, x, a), [which, what, value]));
      }
    }
    const row = { figure: name, 'plain median ms': round(median(times.plain)), 'plain p95 ms': round(p95(times.plain)), 'sealed median ms': round(median(times.sealed)), 'sealed p95 ms': round(p95(times.sealed)), ratio: round(median(times.sealed) / median(times.plain), 2), target };
    rows.push(row);
    log(`  ${name}: ${row.ratio}×`);
  }

  await compare('library: first 50 rows', 'first rows', undefined, '≤ 1.3×');
  for (const [label, query] of Object.entries(queriesFrom(captures))) await compare(`search: ${label} "${query}"`, 'search', query, '≤ 1.3×');
  await compare('open a saved copy', 'open', undefined, 'for scale');
  await compare('save an article', 'save', (run) => ({ ...captures[run % captures.length], canonicalUrl: `https://bench.example/new/${run}`, title: `new ${run}` }), '≤ 1.2×');
  await compare(`export ${EXPORT_PAGES} pages`, 'export', [PACK_WORKER, EXPORT_PAGES], 'for scale');
  const unlock = await lib.evaluate((runs) => globalThis.samizdatBench.protectedUnlock(runs), 5);
  rows.push({ figure: `unlock (Argon2id, 64 MiB, ${unlock.passes} passes)`, 'plain median ms': null, 'plain p95 ms': null, 'sealed median ms': round(median(unlock.times)), 'sealed p95 ms': round(p95(unlock.times)), ratio: null, target: 'about a second' });

  console.log(`The protected library's storage against the plain one, ${PAGES} pages, Chromium ${browser.version}, ${RUNS} runs each`);
  console.table(rows);

  if (process.env.BENCH_ROW_SIZE) {
    // What bounds the sealed searches: the walk of a common word's index entries, in copies of the
    // two words tables, the sealed one as stored and reshaped (bench/harness.ts, protectedRowSize).
    const word = queriesFrom(captures)['common word'];
    const times = await lib.evaluate(([w, runs]) => globalThis.samizdatBench.protectedRowSize(w, runs), [word, Math.max(RUNS * 3, 15)]);
    const plain = median(times['plain rows']);
    console.log(`Every index entry of "${word}" read from copies of the search rows (raw IndexedDB), ${PAGES} pages`);
    console.table(Object.entries(times).map(([copy, t]) => ({ copy, 'median ms': round(median(t)), 'p95 ms': round(p95(t)), 'to plain': round(median(t) / plain, 2) })));
  }
} finally {
  await browser.close();
  await site.close();
}
