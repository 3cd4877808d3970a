import { describe, expect, it } from 'vitest';
import { namesFromByline, splitNames } from '../../utils/capture/bylines';
import { bestDate, isoDateTime } from '../../utils/capture/dates';
import { articleJsonLd, authorsOf, modifiedTimeOf, publisherOf, sectionOf, statedPublishedTime } from '../../utils/capture/metadata';
import { siteNamesOf, withoutSiteName } from '../../utils/capture/title';
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

describe('publication dates as pages write them', () => {
  it.each([
    ['extended ISO, kept as given', '2024-05-01T10:00:00+03:00', '2024-05-01T10:00:00+03:00'],
    ['a day', '2023-11-17', '2023-11-17'],
    ['compact ISO', '20180619T055000+0900', '2018-06-19T05:50:00+09:00'],
    ['a space before the time and the offset', '2016-11-28 16:23:00 -0500', '2016-11-28T16:23:00-05:00'],
    ['Z after a space-separated time', '2016-12-09 09:13:00Z', '2016-12-09T09:13:00Z'],
    ['RFC 2822', 'Fri, 01 Jul 2022 13:02:59 +0000', '2022-07-01T13:02:59+00:00'],
    ['not a date', 'Saturday, December 27, 2014, 12:06 PM', null],
    ['an impossible date', '2024-13-45', null],
  ])('%s', (_name, value, expected) => {
    expect(isoDateTime(value)).toBe(expected);
  });

  it('prefers a time with its offset to a day, and the first such in order of trust', () => {
    expect(bestDate([null, '2019-03-01', '2019-03-01T13:16:56+09:00', '2019-03-02T00:00:00Z'])).toBe('2019-03-01T13:16:56+09:00');
    expect(bestDate(['2019-03-01', 'soon'])).toBe('2019-03-01');
  });

  it.each([
    ['a conventional meta name, in `value` as some saved pages write it', '<meta name="publishdate" value="2023-11-17">', '', '2023-11-17'],
    ['Open Graph with a space-separated offset', '<meta property="article:published_time" content="2016-11-28 16:23:00 -0500">', '', '2016-11-28T16:23:00-05:00'],
    ['the time the page marks as published', '', '<article><time datetime="2024-01-01">x</time><time itemprop="datePublished" datetime="2022-10-14T16:20:52.800Z">x</time></article>', '2022-10-14T16:20:52.800Z'],
    ['the first time of the article', '', '<article><p><time datetime="Fri, 01 Jul 2022 13:02:59 +0000">1 July</time></p></article>', '2022-07-01T13:02:59+00:00'],
    ['nothing', '<meta name="description" content="2023-11-17">', '', null],
  ])('from %s', (_name, head, body, expected) => {
    const doc = page(head, body);
    expect(statedPublishedTime(doc, articleJsonLd(doc))).toBe(expected);
  });
});

describe('names in a byline', () => {
  it.each([
    ['By Anna Petrova and Ivan Sidorov', ['Anna Petrova', 'Ivan Sidorov']],
    ['By Laura E. Adkins December 28, 2016', ['Laura E. Adkins']],
    ['by Julia Horowitz   @juliakhorowitz November 29, 2016: 3:42 PM ET', ['Julia Horowitz']],
    ['Pete Evans · CBC News · Posted: Oct 14, 2022 9:27 AM ET', ['Pete Evans']],
    ['Par Cécile Ducourtieux(Bruxelles, bureau européen)', ['Cécile Ducourtieux']],
    ['Автор: Елена Костюченко и Ирина Долинина', ['Елена Костюченко', 'Ирина Долинина']],
    ['JOSH HASKELL, DAVID CAPLAN and PATRICK REEVELL', ['JOSH HASKELL', 'DAVID CAPLAN', 'PATRICK REEVELL']],
    ['Published: Dec. 22, 2016, 6:47 p.m.', []],
    ['By', []],
  ])('%s', (byline, expected) => {
    expect(namesFromByline(byline)).toEqual(expected);
  });

  it('splits one author field that names several people, and keeps one that does not split into names', () => {
    expect(splitNames('Dana A. Ford, James S.A. Corey and Tom Watkins')).toEqual(['Dana A. Ford', 'James S.A. Corey', 'Tom Watkins']);
    expect(splitNames('Редакция «Новой газеты»')).toEqual(['Редакция «Новой газеты»']);
  });

  it('takes the names the byline links, not the links to authors of other stories, and else the byline’s words', () => {
    const doc = page('', '<p class="byline">By <a rel="author" href="/a"></a><a rel="author" href="/a">Anna Petrova</a> and <a rel="author" href="/i">Ivan Sidorov</a></p><p>Text</p><ul><li><a rel="author" href="/x">Someone Else</a></li></ul>');
    expect(authorsOf(doc, null, 'By Anna Petrova and Ivan Sidorov')).toEqual(['Anna Petrova', 'Ivan Sidorov']);
    expect(authorsOf(page('', '<p>No links</p>'), null, 'Politik · Jochen Bittner, Tina Hildebrandt')).toEqual(['Jochen Bittner', 'Tina Hildebrandt']);
  });
});

describe('a headline without the site name', () => {
  const names = (url: string, ...stated: string[]) => siteNamesOf(stated, url);
  it.each([
    ['Jury Finds Roof Guilty : The Two-Way : NPR', names('https://www.npr.org/x'), 'Jury Finds Roof Guilty : The Two-Way'],
    ['Title of the story | BUZZAP！（バザップ！）', names('https://buzzap.jp/x', 'BUZZAP！（バザップ！）'), 'Title of the story'],
    ['短缺药品保供稳价 全力保障临床用药需求-新华网', names('http://www.news.cn/x', '新华网'), '短缺药品保供稳价 全力保障临床用药需求'],
    ['Raspberry Pi競合--Ubuntuが動く「UP Core」を見る - ZDNet Japan', names('https://japan.zdnet.com/x'), 'Raspberry Pi競合--Ubuntuが動く「UP Core」を見る'],
    ['Anticorrupción decidirá si recurre la imputación » Local » Noticias » Ultima Hora Mallorca', names('http://ultimahora.es/x'), 'Anticorrupción decidirá si recurre la imputación'],
    ["O'Reilly Japan - Head First はじめてのプログラミング", names('https://www.oreilly.co.jp/x'), 'Head First はじめてのプログラミング'],
    ['В Москве задержали журналистов — Новая газета', names('https://novayagazeta.ru/x', 'Новая газета'), 'В Москве задержали журналистов'],
  ])('%s', (title, siteNames, expected) => {
    expect(withoutSiteName(title, siteNames)).toBe(expected);
  });

  it.each([
    ['a subtitle that is not the site', 'Gates on Tillerson: You can be friendly without being friends', names('https://edition.cnn.com/x', 'CNN')],
    ['a title that would be nothing without it', 'NPR - News', names('https://www.npr.org/x')],
    ['a site with no name to read', 'Headline - Other words', []],
  ])('keeps %s', (_name, title, siteNames) => {
    expect(withoutSiteName(title, siteNames)).toBe(title);
  });
});
