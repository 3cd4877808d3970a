import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { addressClaimsOfPage, canonicalFromClaims, canonicalUrlOf, cleanUrl } from '../../utils/capture/canonical-url';
import { documentFacts, unclobberedCopy } from '../../utils/capture/unclobber';
import { CORPUS, readText, windowFor } from '../helpers/dom';

describe('cleanUrl', () => {
  it.each([
    ['https://news.example/a?utm_source=tw&utm_medium=social&id=7#comments', 'https://news.example/a?id=7'],
    ['https://news.example/a?fbclid=abc', 'https://news.example/a'],
    ['https://news.example/a?gclid=1&yclid=2&ysclid=3&mc_cid=4&_ga=5', 'https://news.example/a'],
    ['https://user:pw@news.example/a', 'https://news.example/a'],
    ['https://news.example/статья?page=2', 'https://news.example/%D1%81%D1%82%D0%B0%D1%82%D1%8C%D1%8F?page=2'],
    ['javascript:alert(1)', null],
    ['ftp://news.example/a', null],
    ['not a url', null],
  ])('%s → %s', (input, expected) => {
    expect(cleanUrl(input)).toBe(expected);
  });
});

describe('canonicalUrlOf', () => {
  const at = (head: string, url = 'https://mirror.example/story?utm_campaign=x') =>
    canonicalUrlOf(windowFor(`<html><head>${head}</head><body></body></html>`, url).document, url);

  it('prefers the canonical link, made absolute', () => {
    expect(at('<link rel="canonical" href="/2024/story"><meta property="og:url" content="https://other.example/x">')).toBe('https://mirror.example/2024/story');
  });
  it('keeps a cross-site canonical: a mirror files the article under the original address', () => {
    expect(at('<link rel="canonical" href="https://original.example/story">')).toBe('https://original.example/story');
  });
  it('falls back to og:url', () => {
    expect(at('<meta property="og:url" content="https://original.example/story?utm_source=fb">')).toBe('https://original.example/story');
  });
  it('ignores a canonical that is not http(s)', () => {
    expect(at('<link rel="canonical" href="javascript:alert(1)">')).toBe('https://mirror.example/story');
  });
  it('falls back to the loaded URL without trackers', () => {
    expect(at('')).toBe('https://mirror.example/story');
  });
});

describe('the popup’s quick reading of the address (addressClaimsOfPage)', () => {
  /** What the background gets from the live page, turned into an address. */
  const quick = (win: Window) => {
    const w = win as Window & typeof globalThis;
    return canonicalFromClaims(addressClaimsOfPage(w.document, w.Document.prototype, w.Element.prototype));
  };
  /** What the capture files the page under (capture-page.ts). */
  const captured = (win: Window) => canonicalUrlOf(unclobberedCopy(win.document, win), documentFacts(win.document, win).url);

  const pages = readdirSync(`${CORPUS}readability/`, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  it.each(pages)('gives the capture’s address for corpus page %s', (name) => {
    const win = windowFor(readText(`${CORPUS}readability/${name}/source.html.gz`), `http://127.0.0.1:8080/corpus/${name}.html?utm_source=x`);
    try {
      expect(quick(win)).toBe(captured(win));
    } finally {
      // A corpus window left open keeps its whole document alive until the file ends.
      win.close();
    }
  });

  it('is not misled by names the page gives its elements', () => {
    // In a browser, <form name="querySelector"> and <img name="URL"> shadow the document's own
    // properties; jsdom does not do this, so the shadowing is made by hand.
    const html = '<html><head><link rel="canonical" href="https://original.example/story"></head><body></body></html>';
    const win = windowFor(html, 'https://mirror.example/story');
    Object.defineProperty(win.document, 'querySelector', { value: () => null });
    Object.defineProperty(win.document, 'URL', { value: 'https://elsewhere.example/' });
    const link = win.document.getElementsByTagName('link')[0]!;
    Object.defineProperty(link, 'getAttribute', { value: () => 'https://elsewhere.example/' });
    expect(quick(win)).toBe('https://original.example/story');
  });
});
