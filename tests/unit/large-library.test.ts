import { describe, expect, it } from 'vitest';
import { indexTerms } from '../../utils/search/index-terms';
import { searchLibrary } from '../../utils/search/search';
import { freeKey } from '../../utils/search/search-key';
import { recentPages } from '../../utils/store/queries';
import type { PageRecord, SearchRow, SnapshotRecord } from '../../utils/store/records';
import { freshLibrary } from '../helpers/db';

/** Sentences in the languages our readers save, to make 10,000 different small articles. */
const SENTENCES = [
  ['en', 'The council said it was investigating why the alerts were not sent to residents'],
  ['en', 'Dock workers at the northern port have now been on strike for three weeks'],
  ['ru', 'Жители северного района вышли на улицы, чтобы защитить больницу'],
  ['ru', 'Депутаты обещали рассмотреть обращение жителей на следующей неделе'],
  ['uk', 'Мешканці Києва зібралися біля будівлі міської ради'],
  ['fa', 'ساکنان شهر در اعتراض به تصمیم شهرداری در خیابان‌ها جمع شدند'],
  ['zh', '北部地区的居民反对关闭医院的决定'],
] as const;

const COUNT = 10_000;

/** A library of `count` small pages, saved at `savedAt(i)`, written directly in one transaction. */
async function libraryOf(count: number, savedAt: (i: number) => number) {
  const db = freshLibrary();
  const pages: PageRecord[] = [];
  const snapshots: SnapshotRecord[] = [];
  const rows: SearchRow[] = [];
  const taken = new Set<number>();
  for (let i = 0; i < count; i++) {
    const [lang, sentence] = SENTENCES[i % SENTENCES.length]!;
    const url = `https://news${i % 37}.example/${i}`;
    const id = i.toString(16).padStart(64, '0');
    const title = `${sentence.split(/\s+/).slice(0, 4).join(' ')} №${i}`;
    const text = `${sentence}. Report ${i}.`;
    const at = savedAt(i);
    pages.push({ url, kind: 'article', title, siteName: `Site ${i % 37}`, firstSavedAt: at, lastSavedAt: at, lastSeenAt: at, versionCount: 1, latestSnapshotId: id, changed: false, tags: i % 100 === 0 ? ['weekly'] : [], note: '' });
    snapshots.push({ id, kind: 'article', pageUrl: url, sourceUrl: url, loadedUrl: url, version: 1, capturedAt: at, lastSeenAt: at, title, byline: null, authors: [], publisher: null, section: null, leadImage: null, siteName: `Site ${i % 37}`, lang, dir: null, excerpt: null, publishedTime: null, modifiedTime: null, wordCount: 12, images: [], imageHashes: [] });
    const key = freeKey(url, at, (k) => taken.has(k))!;
    taken.add(key);
    rows.push({ key, pageUrl: url, snapshotId: id, terms: indexTerms({ title, byline: null, authors: [], siteName: `Site ${i % 37}`, publisher: null, text, lang }) });
  }
  await db.transaction('rw', [db.pages, db.snapshots, db.words], async () => {
    await db.pages.bulkAdd(pages);
    await db.snapshots.bulkAdd(snapshots);
    await db.words.bulkAdd(rows);
  });
  return db;
}

describe('a library of 10,000 pages', () => {
  it('lists the newest first and answers searches, reading no bodies', async () => {
    const db = await libraryOf(COUNT, (i) => i);

    const first = await recentPages(db, 100);
    expect(first).toHaveLength(100);
    expect(first[0]!.title).toMatch(/№9999$/);
    expect((await recentPages(db, 100, 9950)).at(-1)!.title).toMatch(/№0$/);

    expect((await searchLibrary(db, 'strike')).total).toBe(Math.ceil((COUNT - 1) / 7));
    expect((await searchLibrary(db, 'больницу')).total).toBe(Math.ceil((COUNT - 2) / 7));
    expect((await searchLibrary(db, 'києва')).total).toBe(Math.ceil((COUNT - 4) / 7));
    expect((await searchLibrary(db, 'بیمارستان')).total).toBe(0);
    expect((await searchLibrary(db, 'شهرداري')).total).toBe(Math.ceil((COUNT - 5) / 7)); // Arabic yeh
    expect((await searchLibrary(db, '医院')).total).toBe(Math.ceil((COUNT - 6) / 7));
    expect((await searchLibrary(db, 'report 4242')).pages.map((p) => p.url)).toEqual(['https://news24.example/4242']);
    expect((await searchLibrary(db, 'strike', { tag: 'weekly' })).pages.every((p) => p.tags.includes('weekly'))).toBe(true);
    const newest = await searchLibrary(db, 'council', {}, 5);
    expect(newest.pages.map((p) => p.lastSavedAt)).toEqual([9996, 9989, 9982, 9975, 9968]);
  }, 120_000);

  it('gives the newest of many matches in the same order, and the same count, as reading them all', async () => {
    // Saved three at a time, so that dates tie; a date filter takes the path that reads every match
    // and every page's address.
    const db = await libraryOf(6_000, (i) => Math.floor(i / 3));
    for (const [query, limit] of [['council', 200], ['council', 100], ['resid', 50], ['жители', 100], ['居民', 100]] as const) {
      const walked = await searchLibrary(db, query, {}, limit);
      const read = await searchLibrary(db, query, { from: 0 }, limit);
      expect(walked.total).toBe(read.total);
      expect(walked.total).toBeGreaterThan(4 * limit);
      expect(walked.pages.map((p) => p.url)).toEqual(read.pages.map((p) => p.url));
      expect(walked.pages).toHaveLength(limit);
      // Newest first: the dates never rise down the list.
      expect(walked.pages.every((page, i) => i === 0 || page.lastSavedAt <= walked.pages[i - 1]!.lastSavedAt)).toBe(true);
      expect(walked.pages[0]!.lastSavedAt).toBe(Math.max(...read.pages.map((p) => p.lastSavedAt)));
    }
  }, 120_000);
});
