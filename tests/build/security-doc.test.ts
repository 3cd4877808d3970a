import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { documentPolicy } from '../../utils/archive/article-document';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const manifestOf = (build: string) => JSON.parse(readFileSync(`${ROOT}.output/${build}/manifest.json`, 'utf8'));
const SECURITY = readFileSync(`${ROOT}docs/SECURITY.md`, 'utf8');

/**
 * The first-column code spans of the tables under a heading of docs/SECURITY.md. A row that says
 * "(Chromium only)" is not expected of the Firefox build.
 */
function listed(heading: string, build = 'chrome-mv3'): string[] {
  const start = SECURITY.indexOf(`### ${heading}\n`);
  if (start < 0) throw new Error(`docs/SECURITY.md has no "### ${heading}" section`);
  const section = SECURITY.slice(start + heading.length + 5).split(/\n#{2,3} /)[0]!;
  return [...section.matchAll(/^\| `([^`]+)` \|(.*)$/gm)].filter((match) => build === 'chrome-mv3' || !match[2]!.includes('(Chromium only)')).map((match) => match[1]!);
}

const directives = (policy: string) => policy.split(';').map((d) => d.trim()).filter(Boolean);

/**
 * Privacy by construction: nothing the extension may do goes unexplained. A permission, host
 * permission or CSP source added to wxt.config.ts fails here until docs/SECURITY.md says why, and
 * the page cannot keep listing what the build no longer has.
 */
describe.each(['chrome-mv3', 'firefox-mv2'])('docs/SECURITY.md against the shipped %s manifest', (build) => {
  const manifest = manifestOf(build);

  it('explains every permission, and lists no other', () => {
    const hosts = (list: string[] = []) => list.filter((p) => p.includes('://'));
    const apis = (list: string[] = []) => list.filter((p) => !p.includes('://'));
    expect(apis(manifest.permissions).sort()).toEqual(listed('Permissions', build).sort());
    expect(apis(manifest.optional_permissions).sort()).toEqual(listed('Optional permissions', build).sort());
    expect([...hosts(manifest.permissions), ...(manifest.host_permissions ?? [])]).toEqual([]);
    const optionalHosts = build === 'chrome-mv3' ? manifest.optional_host_permissions : hosts(manifest.optional_permissions);
    expect(optionalHosts.sort()).toEqual(listed('Host permissions').sort());
  });

  it('explains every directive and source of the pages’ CSP, and lists no other', () => {
    const csp = build === 'chrome-mv3' ? manifest.content_security_policy.extension_pages : manifest.content_security_policy;
    expect(directives(csp).sort()).toEqual(listed('Content security policy of the extension’s pages').sort());
  });
});

describe('docs/SECURITY.md against the exported pages', () => {
  it('explains every directive and source of their CSP, and lists no other', () => {
    const both = new Set([...directives(documentPolicy('files')), ...directives(documentPolicy('inline'))]);
    expect([...both].sort()).toEqual(listed('Content security policy of exported pages').sort());
  });
});
