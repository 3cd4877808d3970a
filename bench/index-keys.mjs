// A benchmark of one design choice, apart from the extension's code: what a search row's key
// costs in Chromium's IndexedDB. The same rows (361 words each, as a median corpus article has,
// one word on half the rows) are written with the page's address as the key, as schema 2 did,
// and with a number, as schema 3 does (utils/search/search-key.ts); then a word on half the rows is
// read back. docs/BENCHMARKS.md quotes it. Run: `npm run build && node bench/index-keys.mjs`.
import { launch } from './browser.mjs';

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);
const browser = await launch();
try {
  const page = await browser.context.newPage();
  await page.goto(browser.extensionUrl('options.html'));
  const table = await page.evaluate(async (rows) => {
    const request = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
    const open = (name, create) => new Promise((resolve, reject) => {
      const r = indexedDB.open(name, 1);
      r.onupgradeneeded = () => create(r.result);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const vocabulary = Array.from({ length: 20_000 }, (_, i) => `w${i.toString(36)}abc`);
    /** 361 distinct words for row p, the same in both layouts; "common" on every other row. */
    const wordsOf = (p) => {
      const words = new Set(p % 2 ? ['common'] : []);
      let x = p * 7919 + 1;
      while (words.size < 361) {
        x = (Math.imul(x, 1103515245) + 12345) >>> 0;
        words.add(vocabulary[(x >>> 8) % vocabulary.length]);
      }
      return [...words];
    };
    const address = (p) => `https://bench.example/${p}/https%3A%2F%2Fwww.theguardian.com%2Fworld%2F2024%2Fan-article-of-usual-length-${p}`;
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const out = [];
    for (const [layout, keyPath, rowOf] of [
      ['address as key (schema 2)', 'pageUrl', (p) => ({ pageUrl: address(p), snapshotId: 'x'.repeat(64), terms: wordsOf(p) })],
      ['number as key (schema 3)', 'key', (p) => ({ key: -(1_700_000_000_000 + p) * 2048, pageUrl: address(p), snapshotId: 'x'.repeat(64), terms: wordsOf(p) })],
    ]) {
      const db = await open(`samizdat-bench-keys-${keyPath}`, (d) => {
        const store = d.createObjectStore('rows', { keyPath });
        store.createIndex('terms', 'terms', { multiEntry: true });
        if (keyPath === 'key') store.createIndex('pageUrl', 'pageUrl', { unique: true });
      });
      // Written as saves come: a transaction of 250 rows at a time; the first and last thousand timed apart.
      const perRow = [];
      for (let i = 0; i < rows; i += 250) {
        const t = performance.now();
        await new Promise((resolve, reject) => {
          const tx = db.transaction('rows', 'readwrite');
          for (let p = i; p < Math.min(rows, i + 250); p++) tx.objectStore('rows').put(rowOf(p));
          tx.oncomplete = resolve;
          tx.onerror = () => reject(tx.error);
        });
        perRow.push((performance.now() - t) / Math.min(250, rows - i));
      }
      const index = () => db.transaction('rows').objectStore('rows').index('terms');
      const timed = async (read) => {
        const times = [];
        for (let i = 0; i < 5; i++) {
          const t = performance.now();
          await read();
          times.push(performance.now() - t);
        }
        return median(times);
      };
      const first = perRow.slice(0, 4);
      const last = perRow.slice(-4);
      out.push({
        layout,
        'write, first 1,000 rows (ms a row)': +(first.reduce((a, b) => a + b, 0) / first.length).toFixed(2),
        'write, last 1,000 rows (ms a row)': +(last.reduce((a, b) => a + b, 0) / last.length).toFixed(2),
        'keys of a word on half the rows (ms)': +(await timed(() => request(index().getAllKeys(IDBKeyRange.only('common'))))).toFixed(1),
        'count of them (ms)': +(await timed(() => request(index().count(IDBKeyRange.only('common'))))).toFixed(1),
        'first 100 of them (ms)': +(await timed(() => request(index().getAllKeys(IDBKeyRange.only('common'), 100)))).toFixed(1),
      });
      db.close();
    }
    return out;
  }, ROWS);
  console.log(`Search row keys, ${ROWS} rows of 361 words, Chromium ${browser.version}`);
  console.table(table);
} finally {
  await browser.close();
}
