// Make the product's table of block-page signatures (utils/watch/block-pages.json) from OONI's
// public blocking fingerprints: `node scripts/block-pages.mjs path/to/fingerprints_http.csv`.
// The CSV comes from https://github.com/ooni/blocking-fingerprints (its rows gathered from
// ooni/pipeline, Censored Planet and Citizen Lab's filtering-annotations); the product carries
// this derived table, with that attribution, not the file itself. Run it again when the source
// changes, and say in the table's `source` which commit it was made from.
import { readFileSync, writeFileSync } from 'node:fs';

const [csvPath, commit = '171641e (2024-10-20)'] = process.argv.slice(2);
if (!csvPath) {
  console.error('usage: node scripts/block-pages.mjs fingerprints_http.csv [commit]');
  process.exit(2);
}

/** RFC 4180: fields in double quotes may hold commas, newlines and doubled quotes. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field), rows.push(row), (row = []), (field = '');
    } else field += c;
  }
  if (field || row.length) row.push(field), rows.push(row);
  return rows.filter((r) => r.length > 1);
}

const [header, ...records] = parseCsv(readFileSync(csvPath, 'utf8'));
const col = (name) => header.indexOf(name);
const signatures = records.map((r) => ({
  name: r[col('name')],
  scope: r[col('scope')],
  where: r[col('location_found')],
  type: r[col('pattern_type')],
  pattern: r[col('pattern')],
  countries: r[col('expected_countries')].split(',').map((c) => c.trim()).filter(Boolean),
}));
const table = {
  source: `ooni/blocking-fingerprints @ ${commit}, fingerprints_http.csv: https://github.com/ooni/blocking-fingerprints`,
  attribution: 'Blocking fingerprints gathered by OONI (ooni/pipeline, BSD-3-Clause), Censored Planet and the Citizen Lab (filtering-annotations); see docs/WATCHING.md.',
  columns: 'name, scope (nat, isp, prod, inst, vbw, injb, prov: block pages; fp: pages known NOT to be block pages), where (body or header.<name>), type (full, prefix, contains, regexp), pattern, countries',
  signatures: signatures.map((s) => [s.name, s.scope, s.where, s.type, s.pattern, s.countries.join(',')]),
};
writeFileSync(new URL('../utils/watch/block-pages.json', import.meta.url), `${JSON.stringify(table, null, 0).replace(/\],\[/g, '],\n[')}\n`);
console.log(`${signatures.length} signatures written`);
