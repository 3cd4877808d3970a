import { describe, expect, it } from 'vitest';
import { indexTerms } from '../../utils/search/index-terms';
import { countMatches, searchLibrary, type SearchFilters } from '../../utils/search/search';
import { parseQuery } from '../../utils/search/tokenizer';
import type { LibraryDatabase } from '../../utils/store/db';
import { freeKey } from '../../utils/search/search-key';
import { recentPages } from '../../utils/store/queries';
import { rowTerms, type PageRecord, type SearchRow, type SnapshotRecord } from '../../utils/store/records';
import { indexQueued } from '../../utils/store/search-rows';
import { freshLibrary } from '../helpers/db';
import { keepsVocabulary, makeVocabulary } from '../../utils/search/vocabulary';

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

/**
 * A library of `count` small pages, saved at `savedAt(i)`, written directly in one transaction;
 * the search rows of those `queued(i)` names not yet indexed, as saves and imports leave them.
 */
async function libraryOf(count: number, savedAt: (i: number) => number, queued: (i: number) => boolean = () => false) {
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
    const terms = indexTerms({ title, byline: null, authors: [], siteName: `Site ${i % 37}`, publisher: null, text, lang });
    rows.push(queued(i) ? { key, pageUrl: url, snapshotId: id, queued: 1, queuedTerms: terms } : { key, pageUrl: url, snapshotId: id, terms });
  }
  await db.transaction('rw', [db.pages, db.snapshots, db.words], async () => {
    await db.pages.bulkAdd(pages);
    await db.snapshots.bulkAdd(snapshots);
    await db.words.bulkAdd(rows);
  });
  // Rows written indexed, as indexQueued leaves them: a protected library (SAMIZDAT_SEALED=1) lists their words too.
  if (keepsVocabulary(db)) await makeVocabulary(db);
  return db;
}

/**
 * What a search must answer, found the slow and obvious way: every page's words read and tested,
 * the matches sorted by key (newest first). The search reads a few keys of each word instead.
 */
async function everyMatch(db: LibraryDatabase, query: string, filters: SearchFilters = {}): Promise<string[]> {
  const needed = parseQuery(query).flatMap((term) => term.all.map((text) => ({ text, prefix: term.prefix })));
  const rows = (await db.words.toArray()).sort((a, b) => a.key - b.key);
  const pages = new Map((await db.pages.toArray()).map((page) => [page.url, page]));
  return rows
    .filter((row) => needed.every((n) => (n.prefix ? rowTerms(row).some((term) => term.startsWith(n.text)) : rowTerms(row).includes(n.text))))
    .map((row) => pages.get(row.pageUrl)!)
    .filter((page) => (!filters.tag || page.tags.includes(filters.tag)) && (filters.from === undefined || page.lastSavedAt >= filters.from) && (!filters.site || page.url.includes(filters.site)))
    .map((page) => page.url);
}

describe('a library of 10,000 pages', () => {
  it('lists the newest first and answers searches, reading no bodies', async () => {
    const db = await libraryOf(COUNT, (i) => i);

    const first = await recentPages(db, 100);
    expect(first).toHaveLength(100);
    expect(first[0]!.title).toMatch(/№9999$/);
    expect((await recentPages(db, 100, 9950)).at(-1)!.title).toMatch(/№0$/);

    expect(await countMatches(db, 'strike')).toBe(Math.ceil((COUNT - 1) / 7));
    expect(await countMatches(db, 'больницу')).toBe(Math.ceil((COUNT - 2) / 7));
    expect(await countMatches(db, 'києва')).toBe(Math.ceil((COUNT - 4) / 7));
    expect(await searchLibrary(db, 'بیمارستان')).toMatchObject({ pages: [], total: 0 });
    expect(await countMatches(db, 'شهرداري')).toBe(Math.ceil((COUNT - 5) / 7)); // Arabic yeh
    expect(await countMatches(db, '医院')).toBe(Math.ceil((COUNT - 6) / 7));
    expect(await searchLibrary(db, 'report 4242')).toMatchObject({ pages: [{ url: 'https://news24.example/4242' }], total: 1 });
    expect((await searchLibrary(db, 'strike', { tag: 'weekly' })).pages.every((p) => p.tags.includes('weekly'))).toBe(true);
    const newest = await searchLibrary(db, 'council', {}, 5);
    expect(newest.pages.map((p) => p.lastSavedAt)).toEqual([9996, 9989, 9982, 9975, 9968]);
    // A word on 1,429 pages: the newest are answered from its first keys, the count comes apart.
    expect(newest.total).toBeNull();
  }, 120_000);

  /** Which rows are still queued: none; or every fifth and the newest 150, as after saves and an import. */
  const states: [string, (i: number) => boolean][] = [
    ['all of them indexed', () => false],
    ['some still queued', (i) => i % 5 === 2 || i >= 5_850],
  ];
  it.each(states)('answers every kind of query with the newest matches and the count that reading every page gives, %s', async (_state, queued) => {
    // Saved three at a time, so that dates tie.
    const db = await libraryOf(6_000, (i) => Math.floor(i / 3), queued);
    const queries: [string, SearchFilters, number][] = [
      ['council', {}, 100], // a word on a seventh of the pages
      ['council', {}, 200],
      ['resid', {}, 50], // a prefix of one word
      ['re', {}, 100], // a prefix of many words (report, residents…): pages tested one by one
      ['r', {}, 100],
      ['жители', {}, 100],
      ['居民', {}, 100], // two Chinese characters: their pieces
      ['北', {}, 100], // one: the start of a piece
      ['report 1', {}, 100], // a common word and the start of thousands of numbers
      ['4', {}, 100], // only the start of thousands of numbers: pages tested newest first
      ['42 9', {}, 100],
      ['report 4242', {}, 100], // a common word and a rare one: one page
      ['council strike', {}, 100], // two common words never together
      ['council residents', {}, 100], // two common words always together
      ['council', { tag: 'weekly' }, 100], // a filter that lets few through
      ['report', { from: 1000 }, 100],
      ['report', { site: 'news3.' }, 30],
      ['re 5', {}, 10],
      ['zzz', {}, 100],
    ];
    for (const [query, filters, limit] of queries) {
      const expected = await everyMatch(db, query, filters);
      const found = await searchLibrary(db, query, filters, limit);
      const what = `${query} ${JSON.stringify(filters)}`;
      expect(found.pages.map((p) => p.url), what).toEqual(expected.slice(0, limit));
      expect(found.total === null ? expected.length > limit : found.total === expected.length, `${what}: total ${found.total} of ${expected.length}`).toBe(true);
      expect(await countMatches(db, query, filters), what).toBe(expected.length);
    }
    // Newest first: the dates never rise down the list.
    const many = await searchLibrary(db, 'report', {}, 300);
    expect(many.pages.every((page, i) => i === 0 || page.lastSavedAt <= many.pages[i - 1]!.lastSavedAt)).toBe(true);
  }, 120_000);

  it('indexes queued rows in the background without changing what a search finds', async () => {
    const db = await libraryOf(1_000, (i) => i, (i) => i % 2 === 0);
    const before = await Promise.all(['council', 'report 4', 'жители'].map((q) => searchLibrary(db, q, {}, 1000)));
    const rows = await db.words.orderBy('key').toArray();
    expect(await indexQueued(db)).toBe(500);
    expect(await db.words.where('queued').equals(1).count()).toBe(0);
    // Each row now in the index with the very terms it had queued, and nothing else changed.
    expect(await db.words.orderBy('key').toArray()).toEqual(rows.map(({ queued: _q, queuedTerms, terms, ...row }) => ({ ...row, terms: terms ?? queuedTerms })));
    expect(await db.words.where('terms').equals('council').count()).toBe(Math.ceil(1_000 / 7));
    expect(await Promise.all(['council', 'report 4', 'жители'].map((q) => searchLibrary(db, q, {}, 1000)))).toEqual(before);
    expect(await indexQueued(db)).toBe(0);
  });
});
