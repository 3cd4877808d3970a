// npm run bench:watching: watching at scale in real Chromium (docs/WATCHING.md). A newsroom of
// BENCH_WATCHED pages (1,000) on BENCH_WATCHED_SITES sites (50, names under .localhost, served
// from 127.0.0.1) is saved and watched, then "Check all watched" runs twice: once alone, for the
// checks per minute within the per-host limits and the browser's processor time per check; once
// while the library is opened again and again, for its first rows beside those opened before any
// check. Printed as a table and kept in bench/results/. The test flavour is used: it may reach
// those sites without a permission prompt, which a headless browser cannot answer.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, hostname, totalmem } from 'node:os';
import { serve } from '../scripts/serve.mjs';
import { CHROME_TEST_BUILD, launch, processorSeconds } from './browser.mjs';
import { median, p95, round } from './stats.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const HARNESS = readFileSync(`${ROOT}dist/bench/harness.js`, 'utf8');
const PAGES = Number(process.env.BENCH_WATCHED ?? 1000);
const SITES = Number(process.env.BENCH_WATCHED_SITES ?? 50);
const LOADS = Number(process.env.BENCH_RUNS ?? 5);
/** Kept in step with utils/watch/schedule.ts (WATCH_LIMITS): what the run must not exceed. */
const HOST_SPACING_MS = 5_000;
const log = (text) => process.stderr.write(`${text}\n`);

const WORDS = 'harbour council report engineers repairs storm supports market traders rent fishermen catch pier terminal headland fuel cooperative meeting compensation stallholders square footfall months closure flood tides coast residents plans noise lorries footpath'.split(' ');
/** An article of its own for each page: a title and five paragraphs that no other page has. */
function article(i) {
  const word = (n) => WORDS[(i * 7 + n * 13) % WORDS.length];
  const paragraph = (n) => `<p>Report ${i}, part ${n}: the ${word(n)} and the ${word(n + 1)} were discussed at length by the ${word(n + 2)}, who said the ${word(n + 3)} would take ${n + 2} more weeks, and that the ${word(n + 4)} had not been told. ${'Residents asked for more details about the works and the timetable. '.repeat(3)}</p>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Harbour report ${i}</title></head><body><main><article><h1>Harbour report ${i}</h1><p class="byline">By Harbour Desk</p>${[0, 1, 2, 3, 4].map(paragraph).join('')}</article></main></body></html>`;
}

const asked = [];
const site = await serve({});
const addressOf = (i) => `http://s${i % SITES}.localhost:${site.port}/s${i % SITES}/news/${i}.html`;
for (let i = 0; i < PAGES; i++) {
  const html = article(i);
  site.route(`/s${i % SITES}/news/${i}.html`, {
    respond: () => {
      asked.push({ site: i % SITES, at: Date.now() });
      return { body: html };
    },
  });
}

const browser = await launch({ build: CHROME_TEST_BUILD, reachable: /^(https?:\/\/(127\.0\.0\.1|[a-z0-9-]+\.localhost)[:/]|chrome-extension:|blob:|data:)/ });
const lib = await browser.context.newPage();
await lib.goto(browser.extensionUrl('options.html'));
await lib.evaluate(HARNESS);
log(`Saving and watching ${PAGES} pages on ${SITES} sites`);
for (let from = 0; from < PAGES; from += 100) {
  const items = [];
  for (let i = from; i < Math.min(PAGES, from + 100); i++) items.push({ url: addressOf(i), html: article(i) });
  await lib.evaluate(([batch, at]) => globalThis.samizdatBench.seedWatched(batch, at), [items, Date.UTC(2026, 0, 1)]);
}

/** The library opened in a new tab: milliseconds from its start to its first rows drawn. */
async function libraryFirstRows() {
  const page = await browser.context.newPage();
  await page.goto(browser.extensionUrl('library.html'));
  const shown = await page.waitForFunction(() => document.querySelector('.saved-item') && performance.now(), null, { polling: 'raf' });
  const ms = await shown.jsonValue();
  await page.close();
  return ms;
}

const checkedCount = async () => Object.values(await lib.evaluate(() => globalThis.samizdatBench.checkCounts())).reduce((a, b) => a + b, 0);

/** "Check all watched", as the library's button asks; resolves when every page has its check. `during` runs meanwhile. */
async function checkAll(during = async () => {}) {
  const before = await checkedCount();
  asked.length = 0;
  const cpu = processorSeconds(browser.userDataDir);
  const started = Date.now();
  await lib.evaluate(() => chrome.runtime.sendMessage({ samizdat: 'checkAll', request: {} }));
  const meanwhile = during();
  while ((await checkedCount()) - before < PAGES) await new Promise((resolve) => setTimeout(resolve, 500));
  const ms = Date.now() - started;
  const cpuSeconds = cpu === null ? null : processorSeconds(browser.userDataDir) - cpu;
  const extra = await meanwhile;
  // The closest two requests to one site came.
  const bySite = new Map();
  for (const { site: s, at } of asked) bySite.set(s, [...(bySite.get(s) ?? []), at]);
  let closest = Infinity;
  for (const times of bySite.values()) for (let k = 1; k < times.length; k++) closest = Math.min(closest, times[k] - times[k - 1]);
  return { ms, cpuSeconds, closest, requests: asked.length, extra };
}

log('Library first rows before any check');
const idle = [];
for (let k = 0; k < LOADS; k++) idle.push(await libraryFirstRows());
log('Check all watched, alone');
const alone = await checkAll();
log(`  ${PAGES} checks in ${round(alone.ms / 1000)} s`);
log('Check all watched, while the library is opened again and again');
const busy = await checkAll(async () => {
  const times = [];
  for (let k = 0; k < LOADS; k++) times.push(await libraryFirstRows());
  return times;
});
const outcomes = await lib.evaluate(() => globalThis.samizdatBench.checkCounts());
await browser.close();
await site.close();

const rows = [
  // One request to each site at once, then one every HOST_SPACING_MS: the most this run could have made in its time.
  { name: `checks of ${PAGES} watched pages on ${SITES} sites, per minute`, value: round((PAGES / alone.ms) * 60_000), target: `the per-site limit allows ${round((SITES * (1 + Math.floor(alone.ms / HOST_SPACING_MS)) / alone.ms) * 60_000)} in this run's time` },
  { name: 'closest two requests to one site, ms', value: alone.closest, target: `≥ ${HOST_SPACING_MS}` },
  { name: 'processor time of the browser per check, ms (all its processes)', value: alone.cpuSeconds === null ? null : round((alone.cpuSeconds * 1000) / PAGES), target: 'reported' },
  { name: 'library first rows before any check: median / p95, ms', value: `${round(median(idle))} / ${round(p95(idle))}`, target: 'reference' },
  { name: 'library first rows while checks run: median / p95, ms', value: `${round(median(busy.extra))} / ${round(p95(busy.extra))}`, target: 'as before' },
  { name: 'outcomes of the checks (all should be unchanged)', value: JSON.stringify(outcomes), target: `unchanged: ${2 * PAGES}` },
];
const width = Math.max(...rows.map((row) => row.name.length));
console.log(`\nSamizdat watching benchmark, ${browser.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}\n`);
for (const row of rows) console.log(`${row.name.padEnd(width)}  ${String(row.value).padStart(12)}  (${row.target})`);
mkdirSync(`${ROOT}bench/results`, { recursive: true });
const stamp = new Date().toISOString().slice(0, 16).replace(/:/g, '');
const file = `${ROOT}bench/results/${stamp}-${hostname().split('.')[0]}-watching-${PAGES}.json`;
writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGB: round(totalmem() / 2 ** 30) }, browser: browser.version, pages: PAGES, sites: SITES, alone, busy: { ...busy, extra: undefined }, libraryIdle: idle, libraryBusy: busy.extra, outcomes, rows }, null, 1)}\n`);
console.log(`\nKept in ${file}`);
