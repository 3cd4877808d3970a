import { beforeAll, describe, expect, it } from 'vitest';
import { capturePage } from '../../utils/capture/capture-page';
import type { Capture } from '../../utils/capture/types';
import { passage } from '../../utils/search/passage';
import { searchLibrary } from '../../utils/search/search';
import { parseQuery } from '../../utils/search/tokenizer';
import type { LibraryDatabase } from '../../utils/store/db';
import { saveCapture } from '../../utils/store/save-capture';
import { freshLibrary } from '../helpers/db';
import { CORPUS, readBytes, windowFor } from '../helpers/dom';
import { captureSeed } from '../helpers/seed';

const PAGES = new URL('../fixtures/pages/', import.meta.url).pathname;

function captureFile(path: string, url: string, encoding = 'utf-8'): Capture {
  const html = new TextDecoder(encoding).decode(readBytes(path));
  const win = windowFor(html, url);
  const outcome = capturePage(win.document, win, { keepNonArticle: true });
  if (!outcome.ok) throw new Error(`${path}: ${outcome.reason}`);
  return outcome.capture;
}

describe('searching the library', () => {
  let db: LibraryDatabase;
  const titles = async (query: string, filters = {}) => (await searchLibrary(db, query, filters)).pages.map((p) => p.title);

  beforeAll(async () => {
    db = freshLibrary();
    let now = 1000;
    const save = (capture: Capture) => saveCapture(db, capture, (now += 1000));
    await save(captureSeed('article.html'));
    await save(captureFile(`${PAGES}cp1251.html`, 'https://gazeta.example/ru/1', 'windows-1251'));
    await save(captureFile(`${PAGES}persian.html`, 'https://ruzname.example/fa/1'));
    for (const name of ['qq', 'gmw', 'youth']) await save(captureFile(`${CORPUS}readability/${name}/source.html.gz`, `https://news.example/zh/${name}`));
    await save(captureFile(`${PAGES}photo-report.html`, 'https://gazette.example/photo'));
  });

  it('finds an English word, and a prefix of the last word typed', async () => {
    expect(await titles('paratroopers')).toEqual(['60 Russian Paratroopers Refuse to Fight In Ukraine — Reports']);
    expect(await titles('paratro')).toEqual(['60 Russian Paratroopers Refuse to Fight In Ukraine — Reports']);
    expect(await titles('paratro ')).toEqual([]);
  });

  it('wants every word of the query', async () => {
    expect(await titles('flooding residents')).toEqual(['Riverside Residents Document Flooding in Photos']);
    expect(await titles('flooding paratroopers')).toEqual([]);
  });

  it('finds Russian with ё or е either way', async () => {
    const ru = 'Жители вышли на защиту районной больницы';
    expect(await titles('Ёмкость')).toEqual([ru]);
    expect(await titles('емкость')).toEqual([ru]);
    expect(await titles('сёстры')).toEqual([ru]);
    expect(await titles('сестры')).toEqual([ru]);
  });

  it('finds Persian across Arabic and Persian yeh and kaf', async () => {
    const fa = 'تجمع ساکنان در دفاع از بیمارستان منطقه';
    expect(await titles('بیمارستان')).toEqual([fa]);
    expect(await titles('بيمارستان')).toEqual([fa]); // Arabic yeh
    expect(await titles('ساكنان')).toEqual([fa]); // Arabic kaf
    expect(await titles('می‌گویند')).toEqual([fa]);
    expect(await titles('میگویند')).toEqual([fa]); // without the zero-width non-joiner
  });

  it('finds Chinese pages by a two-character word of their text', async () => {
    for (const name of ['qq', 'gmw', 'youth']) {
      const [page] = await db.pages.where('url').equals(`https://news.example/zh/${name}`).toArray();
      const body = await db.bodies.get(page!.latestSnapshotId);
      const word = body!.text.match(/[\p{Script=Han}]{2}/u)![0];
      expect(await titles(word), `${name}: ${word}`).toContain(page!.title);
    }
  });

  it('filters by site and date', async () => {
    expect(await titles('the', { site: 'moscow' })).toEqual(['60 Russian Paratroopers Refuse to Fight In Ukraine — Reports']);
    expect(await titles('the', { site: 'gazette.example' })).toEqual(['Riverside Residents Document Flooding in Photos']);
    expect(await titles('the', { from: 7500 })).toEqual(['Riverside Residents Document Flooding in Photos']);
    expect(await titles('the', { to: 2500 })).toEqual(['60 Russian Paratroopers Refuse to Fight In Ukraine — Reports']);
  });

  it('finds nothing, and says so, for a word no page has', async () => {
    expect(await searchLibrary(db, 'zzyzx')).toMatchObject({ pages: [], total: 0 });
  });

  it('finds a page by its newest version only', async () => {
    await saveCapture(db, captureSeed('article-edited.html'), 50_000);
    expect(await titles('Kuzmin')).toEqual([]);
    expect(await titles('Several paratroopers')).toEqual(['Russian Paratroopers Refuse to Fight In Ukraine — Reports']);
  });
});

describe('the passage shown with a result', () => {
  it('marks the words found, in the paragraph that has them', () => {
    const text = 'First paragraph about nothing.\n\nResidents spent the weekend photographing the rising water, after the warning system failed.';
    expect(passage(text, parseQuery('rising wat'))).toEqual([
      { text: 'Residents spent the weekend photographing the ', marked: false },
      { text: 'rising', marked: true },
      { text: ' ', marked: false },
      { text: 'water', marked: true },
      { text: ', after the warning system failed.', marked: false },
    ]);
  });

  it('marks folded matches and keeps the text as written', () => {
    expect(passage('Всё ещё тихо.', parseQuery('все')).filter((p) => p.marked).map((p) => p.text)).toEqual(['Всё']);
  });
});
