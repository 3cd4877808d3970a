// The count of cases the test run tried (payloads, mutations, faults, nasty documents), printed
// at the end of `npm test`. Test files write .cases/<file>.json (tests/helpers/case-count.ts).
//   node scripts/cases.mjs clear   before a run, so only this run is counted
//   node scripts/cases.mjs print   after it
import { readdirSync, readFileSync, rmSync } from 'node:fs';

const DIR = new URL('../.cases/', import.meta.url);
const [command] = process.argv.slice(2);

if (command === 'clear') {
  rmSync(DIR, { recursive: true, force: true });
} else if (command === 'print') {
  let files = [];
  try {
    files = readdirSync(DIR).filter((name) => name.endsWith('.json')).sort();
  } catch {
    console.error('No cases were recorded: run the tests first.');
    process.exit(1);
  }
  const rows = files.flatMap((file) => JSON.parse(readFileSync(new URL(file, DIR), 'utf8')).map((row) => ({ ...row, file: file.replace(/\.json$/, '') })));
  const totals = {};
  for (const row of rows) totals[row.kind] = (totals[row.kind] ?? 0) + row.count;
  const width = Math.max(...rows.map((row) => row.what.length), 10);
  console.log('\nCases tried in this run');
  for (const row of rows) console.log(`  ${row.kind.padEnd(10)} ${String(row.count).padStart(6)}  ${row.what.padEnd(width)}  (${row.file})`);
  console.log(`  total: ${Object.entries(totals).map(([kind, count]) => `${count} ${kind}`).join(', ')}\n`);
} else {
  console.error('usage: node scripts/cases.mjs clear|print');
  process.exit(2);
}
