import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const OUTPUT = fileURLToPath(new URL('../../.output/', import.meta.url));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * Web addresses that appear in the built code without ever being loaded, each with its reason.
 * Anything else (a font, a script, an analytics endpoint) fails the test until it is explained
 * here and in docs/SECURITY.md.
 */
const NEVER_LOADED: Record<string, string> = {
  'http://www.w3.org': 'XML namespace names (XHTML, SVG, MathML, XLink) in DOMPurify and the EPUB writer',
  'http://www.idpf.org': 'EPUB namespace names in the EPUB writer',
  'http://purl.org': 'the Dublin Core namespace name in the EPUB writer',
  'https://tinyurl.com': 'a link inside one of Dexie’s error messages',
  'http://bit.ly': 'a link inside one of Dexie’s error messages',
  'https://wxt.dev': 'a link inside one of WXT’s error messages for tests',
  'https://github.com': 'a link inside one of WXT’s error messages',
  'https://cdn.example.com': 'an example value for translators in _locales/*/messages.json (a reserved example domain)',
  'https://example.com': 'an example value for translators in _locales/*/messages.json (a reserved example domain)',
  'http://iipc.github.io': 'the WARC 1.1 specification, named in the `conformsTo` field a web archive’s warcinfo record carries',
  'https://samizdat.invalid': 'the profile names of Samizdat’s metadata records in a web archive (a reserved .invalid domain)',
};

/**
 * The block-page signatures (utils/watch/block-pages.json) name hundreds of censors' addresses, and
 * the repository they come from: patterns a check compares with what it received (docs/SECURITY.md),
 * never requested.
 */
const SIGNATURE_TABLE = readFileSync(new URL('../../utils/watch/block-pages.json', import.meta.url), 'utf8');
const IN_SIGNATURES = new Set([...SIGNATURE_TABLE.matchAll(/https?:\/\/[a-z0-9.-]+/gi)].map((match) => match[0]));

describe.each(['chrome-mv3', 'firefox-mv2'])('the shipped %s build', (build) => {
  const files = filesUnder(join(OUTPUT, build)).filter((path) => /\.(html|js|css|json)$/.test(path));

  it('names no web address but the explained ones, which it never loads', () => {
    const origins = new Set<string>();
    for (const path of files) for (const match of readFileSync(path, 'utf8').matchAll(/https?:\/\/[a-z0-9.-]+/gi)) origins.add(match[0]);
    // The manifest's optional host patterns are match patterns, not addresses.
    origins.delete('http://*');
    origins.delete('https://*');
    expect([...origins].filter((origin) => !(origin in NEVER_LOADED) && !IN_SIGNATURES.has(origin))).toEqual([]);
  });

  it('has pages that load only the extension’s own files', () => {
    for (const path of files.filter((p) => p.endsWith('.html'))) {
      const html = readFileSync(path, 'utf8');
      const sources = [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => m[1]!);
      expect(sources.filter((source) => /^[a-z][a-z0-9+.-]*:|^\/\//i.test(source)), path).toEqual([]);
    }
  });

  it('has style sheets that import nothing and load nothing from the web', () => {
    for (const path of files.filter((p) => p.endsWith('.css'))) {
      const css = readFileSync(path, 'utf8');
      expect(css, path).not.toMatch(/@import|url\(\s*['"]?(?:https?:)?\/\//i);
    }
  });
});
