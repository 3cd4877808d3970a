import { describe, expect, it } from 'vitest';
import { canonicalUrlOf, cleanUrl } from '../../utils/capture/canonical-url';
import { windowFor } from '../helpers/dom';

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
