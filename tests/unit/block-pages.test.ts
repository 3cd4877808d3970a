import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BLOCK_SIGNATURES, matchBlockPage, type BlockSignature, type ReceivedPage } from '../../utils/watch/block-pages';
import { classifyCheck } from '../../utils/watch/classify';
import { recordCases } from '../helpers/case-count';
import { CORPUS, readText } from '../helpers/dom';

/** A value the signature's own pattern matches: the pattern itself, or for a regular expression, its text with each wildcard filled. */
function sampleOf(signature: BlockSignature): string {
  if (signature.type !== 'regexp') return signature.pattern;
  return signature.pattern.replace(/\.\*/g, 'x').replace(/\\(.)/g, '$1').replace(/\.(?!\w)/g, 'x');
}

/** A page received with the signature's pattern where it looks: the body, a header, or where a redirect led. */
function pageWith(signature: BlockSignature): ReceivedPage {
  const value = sampleOf(signature);
  const page: ReceivedPage = { status: 200, finalUrl: 'https://news.example/2024/story', redirected: false, headers: {}, body: '<html><body><p>Nothing here.</p></body></html>' };
  if (signature.where === 'body') page.body = signature.type === 'full' ? value : signature.type === 'prefix' ? `${value}<p>and the rest</p>` : `<html><body><div>${value}</div></body></html>`;
  else if (signature.where === 'header.location') Object.assign(page, { redirected: true, finalUrl: signature.type === 'contains' ? `http://filter.example/${value}` : value });
  else page.headers[signature.where.slice('header.'.length)] = value;
  return page;
}

const SAVED = { canonicalUrl: 'https://news.example/2024/story', title: 'A story', byline: null, text: 'The story. '.repeat(300), wordCount: 600 };

describe('the block-page signatures (OONI, Censored Planet, Citizen Lab)', () => {
  it('holds every row of the source, block pages and known non-block pages both', () => {
    expect(BLOCK_SIGNATURES).toHaveLength(1729);
    expect(BLOCK_SIGNATURES.filter((s) => s.scope === 'fp')).toHaveLength(475);
    expect(new Set(BLOCK_SIGNATURES.map((s) => s.type))).toEqual(new Set(['full', 'prefix', 'contains', 'regexp']));
  });

  it('compiles every regular expression as JavaScript', () => {
    const broken = BLOCK_SIGNATURES.filter((s) => s.type === 'regexp').filter((s) => {
      try {
        new RegExp(s.pattern);
        return false;
      } catch {
        return true;
      }
    });
    expect(broken.map((s) => s.name)).toEqual([]);
  });

  it('detects each block-page row from its own pattern, and reports the page blocked naming it', () => {
    const missed: string[] = [];
    for (const signature of BLOCK_SIGNATURES.filter((s) => s.scope !== 'fp')) {
      const page = pageWith(signature);
      if (matchBlockPage(page, [signature]) !== signature) missed.push(`${signature.name} (${signature.where} ${signature.type}): not detected`);
      // With the whole table, the page with no article left is reported blocked, by this row or
      // another that its text also matches.
      const verdict = classifyCheck(SAVED, { ok: true, page, contentType: 'text/html' }, { ok: false, reason: 'not-an-article' });
      if (verdict.outcome !== 'blocked') missed.push(`${signature.name}: ${verdict.outcome}`);
    }
    expect(missed).toEqual([]);
  });

  it('never reports blocked from a row that describes a page known not to be a block page (scope fp)', () => {
    const fp = BLOCK_SIGNATURES.filter((s) => s.scope === 'fp');
    for (const signature of fp) expect(matchBlockPage(pageWith(signature), [signature]), signature.name).toBeNull();
  });

  it('finds no block page in any of the 130 pages of Mozilla’s corpus', () => {
    const pages = readdirSync(`${CORPUS}readability/`, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    expect(pages).toHaveLength(130);
    const found = pages.flatMap((name) => {
      const body = readText(`${CORPUS}readability/${name}/source.html.gz`);
      const match = matchBlockPage({ status: 200, finalUrl: `https://news.example/${name}`, redirected: false, headers: {}, body });
      return match ? [`${name}: ${match.name}`] : [];
    });
    expect(found).toEqual([]);
    recordCases(import.meta.url, [
      { kind: 'documents', what: 'block-page signatures built into a response, each detected or (fp) not', count: BLOCK_SIGNATURES.length },
      { kind: 'documents', what: 'corpus pages checked against every block-page signature', count: pages.length },
    ]);
  });
});
