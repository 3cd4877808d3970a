import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const FIREFOX_BUILD = fileURLToPath(new URL('../../.output/firefox-mv2', import.meta.url));
const WEB_EXT = fileURLToPath(new URL('../../node_modules/.bin/web-ext', import.meta.url));

interface LintMessage {
  code: string;
  file?: string;
  message: string;
}

/**
 * The only warnings allowed: innerHTML assignments inside the libraries we ship, never in our own
 * code. Readability builds its output with innerHTML (two) and DOMPurify parses through an inert
 * template document (one): three in the content script, and three in Firefox's background page,
 * which reads checked pages with the capture's code (utils/watch/read-fetched-page.ts). In the
 * pages' files: one for DOMPurify wherever it is bundled (to render copies and exports), two for
 * Readability wherever it is (the library's import reads web archives' pages with the capture's
 * code), and one for Preact's runtime wherever it is (its support for dangerouslySetInnerHTML,
 * which no component of ours uses). Each page is built alone (wxt.config.ts), so each carries its own copy of either;
 * the files are found by their content, since the bundler names them. docs/ARCHITECTURE.md lists them.
 */
function allowedWarnings(): Map<string, number> {
  const capture = (file: string) => {
    const code = readFileSync(`${FIREFOX_BUILD}/${file}`, 'utf8');
    return 2 * Number(code.includes('readabilityDataTable')) + Number(code.includes('DOMPurify'));
  };
  const allowed = new Map([
    ['content-scripts/capture.js', capture('content-scripts/capture.js')],
    ['background.js', capture('background.js')],
  ]);
  for (const name of readdirSync(`${FIREFOX_BUILD}/chunks`)) {
    const code = readFileSync(`${FIREFOX_BUILD}/chunks/${name}`, 'utf8');
    const count = capture(`chunks/${name}`) + Number(code.includes('dangerouslySetInnerHTML'));
    if (count) allowed.set(`chunks/${name}`, count);
  }
  return allowed;
}

it('web-ext lint passes the Firefox build with no errors and only the known library warnings', () => {
  const output = execFileSync(WEB_EXT, ['lint', '--source-dir', FIREFOX_BUILD, '--output', 'json', '--no-config-discovery'], { encoding: 'utf8' });
  const report = JSON.parse(output) as { errors: LintMessage[]; warnings: LintMessage[]; notices: LintMessage[] };
  expect(report.errors).toEqual([]);
  expect(report.notices).toEqual([]);
  const found = new Map<string, number>();
  for (const warning of report.warnings) {
    expect(warning.code, `${warning.file}: ${warning.message}`).toBe('UNSAFE_VAR_ASSIGNMENT');
    found.set(warning.file ?? '', (found.get(warning.file ?? '') ?? 0) + 1);
  }
  expect(Object.fromEntries(found)).toEqual(Object.fromEntries(allowedWarnings()));
});
