import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { articleElement, articleHtml } from '../../utils/archive/article-document';
import type { ImageRef } from '../../utils/store/records';

const win = new JSDOM('<!doctype html><html><body></body></html>', { url: 'https://samizdat.test/' }).window as unknown as Window;

const STORED = [
  '<figure><img alt="Court" data-samizdat-src="https://cdn.example/court.jpg"><figcaption class="caption lead">The court</figcaption></figure>',
  '<p>Read <a href="https://news.example/a">the ruling</a>, <a href="https://news.example/b">the appeal</a>,',
  ' <a href="mailto:desk@news.example">write</a> or <a href="javascript:alert(1)">click</a>.</p>',
  '<img alt="Crowd" data-samizdat-src="https://cdn.example/crowd.jpg" onerror="alert(2)">',
  '<img alt="Map" data-samizdat-src="https://cdn.example/map.png">',
  '<script>alert(3)</script>',
].join('');
const IMAGES: ImageRef[] = [
  { url: 'https://cdn.example/court.jpg', hash: 'a'.repeat(64) },
  { url: 'https://cdn.example/crowd.jpg', missing: 'no-permission' },
];
const files = (url: string) => (url === 'https://cdn.example/court.jpg' ? '../images/court.jpg' : undefined);

describe("an exported copy's article", () => {
  const html = articleHtml(STORED, { images: IMAGES }, files, win);
  const doc = new JSDOM(`<article>${html}</article>`).window.document;

  it('points kept images at their files and says why the others were not kept', () => {
    const [court, crowd, map] = doc.querySelectorAll('img');
    expect(court!.getAttribute('src')).toBe('../images/court.jpg');
    expect(crowd!.hasAttribute('src')).toBe(false);
    expect(crowd!.getAttribute('title')).toMatch(/^Image not kept: on another site that Samizdat was not allowed to fetch from.*crowd\.jpg/);
    expect(map!.hasAttribute('src')).toBe(false);
    expect(map!.getAttribute('title')).toMatch(/^Image not kept.*map\.png/);
  });

  it('says on each link where it leads, the site once looked up for both of its links', () => {
    const titles = [...doc.querySelectorAll('a')].map((a) => a.getAttribute('title'));
    expect(titles[0]).toContain('news.example');
    expect(titles[1]).toBe(titles[0]);
    expect(titles[2]).toBeTruthy();
    expect(doc.querySelectorAll('a')[3]!.hasAttribute('href')).toBe(false);
  });

  it('is sanitized again: no script, no handler, only the classes the reader styles', () => {
    expect(html).not.toMatch(/script|onerror|alert|lead/);
    expect(doc.querySelector('figcaption')!.className).toBe('caption');
  });

  it('is the markup the converters walk as nodes (Markdown, EPUB)', () => {
    // One walk to a string for exports, nodes for converters: the same policy and the same images.
    const nodes = articleElement(STORED, { images: IMAGES }, files, win);
    for (const a of nodes.querySelectorAll('a[href]')) a.removeAttribute('title');
    const labelled = new JSDOM(`<div>${html}</div>`).window.document.querySelector('div')!;
    for (const a of labelled.querySelectorAll('a[href]')) a.removeAttribute('title');
    expect(labelled.innerHTML).toBe(nodes.innerHTML);
  });
});
