import { describe, expect, it } from 'vitest';
import { articleJsonLd, authorsOf, modifiedTimeOf, publisherOf, sectionOf } from '../../utils/capture/metadata';
import { leadImageUrl } from '../../utils/capture/lead-image';
import { windowFor } from '../helpers/dom';
import { captureSeed } from '../helpers/seed';

const page = (head: string, body = '') => windowFor(`<html><head>${head}</head><body>${body}</body></html>`, 'https://news.example/a/story').document;
const ld = (data: unknown) => `<script type="application/ld+json">${JSON.stringify(data)}</script>`;

describe('authors', () => {
  it.each([
    ['a JSON-LD person', ld({ '@type': 'NewsArticle', author: { '@type': 'Person', name: 'Anna Petrova' } }), ['Anna Petrova']],
    ['a JSON-LD list', ld({ '@type': 'NewsArticle', author: [{ name: 'Anna Petrova' }, { name: 'Ivan Sidorov' }, 'Ivan Sidorov'] }), ['Anna Petrova', 'Ivan Sidorov']],
    ['a plain string', ld({ '@type': 'Article', author: 'Редакция' }), ['Редакция']],
    ['a report in a @graph, by reference', ld({ '@graph': [{ '@type': 'WebPage' }, { '@type': 'ReportageNewsArticle', author: { '@id': '#a1' } }, { '@id': '#a1', '@type': 'Person', name: 'مریم احمدی' }] }), ['مریم احمدی']],
    ['an array of types', ld({ '@type': ['Article', 'NewsArticle'], author: { name: '王小明' } }), ['王小明']],
    ['meta author tags', '<meta name="author" content="Anna Petrova"><meta name="author" content="Ivan Sidorov">', ['Anna Petrova', 'Ivan Sidorov']],
    ['article:author names but not profile URLs', '<meta property="article:author" content="https://facebook.com/x"><meta property="article:author" content="Olena K.">', ['Olena K.']],
    ['rel=author links', '', ['Olena Kovalenko'], '<a rel="author" href="/o">Olena Kovalenko</a>'],
    ['nothing', '', []],
    ['broken JSON-LD is skipped', '<script type="application/ld+json">{"@type": "NewsArticle", author: </script><meta name="author" content="Fallback">', ['Fallback']],
  ])('from %s', (_name, head, expected, body = '') => {
    const doc = page(head, body);
    expect(authorsOf(doc, articleJsonLd(doc))).toEqual(expected);
  });
});

describe('publisher, section, modified time and lead image', () => {
  it('prefers JSON-LD and falls back to OpenGraph and article:* tags', () => {
    const rich = page(ld({ '@type': 'NewsArticle', publisher: { '@type': 'Organization', name: 'Meduza' }, articleSection: ['Politics', 'World'], dateModified: '2024-05-01T10:00:00+03:00', image: { '@type': 'ImageObject', url: '/img/lead.jpg' } }) + '<meta property="og:site_name" content="meduza.io">');
    const json = articleJsonLd(rich);
    expect([publisherOf(rich, json), sectionOf(rich, json), modifiedTimeOf(rich, json), leadImageUrl(rich, json, rich.URL)]).toEqual(['Meduza', 'Politics', '2024-05-01T10:00:00+03:00', 'https://news.example/img/lead.jpg']);

    const plain = page('<meta property="og:site_name" content="Test Gazette"><meta property="article:section" content="Local"><meta property="article:modified_time" content="2024-03-03T09:00:00Z"><meta property="og:image" content="https://cdn.example/p.jpg">');
    expect([publisherOf(plain, null), sectionOf(plain, null), modifiedTimeOf(plain, null), leadImageUrl(plain, null, plain.URL)]).toEqual(['Test Gazette', 'Local', '2024-03-03T09:00:00Z', 'https://cdn.example/p.jpg']);
  });

  it('gives the seed article all of them', () => {
    const seed = captureSeed('article.html');
    expect(seed).toMatchObject({
      authors: ['The Moscow Times'],
      publisher: 'The Moscow Times',
      section: 'News',
      leadImage: 'http://127.0.0.1:8080/paratroopers.png',
      images: ['http://127.0.0.1:8080/paratroopers.png'],
    });
    expect(seed.html).toContain('<figcaption>Russian paratroopers. <span>Alexander Avilov / Moskva News Agency</span></figcaption>');
  });
});
