import { describe, expect, it } from 'vitest';
import { searchLibrary } from '../../utils/search/search';
import { SLOTS, freeKey, keyFits, keyRange } from '../../utils/search/search-key';
import type { LibraryDatabase } from '../../utils/store/db';
import { deletePage, undoDelete } from '../../utils/store/manage';
import { saveCapture } from '../../utils/store/save-capture';
import { addSearchRows, moveSearchRow, writeSearchRow, indexQueued } from '../../utils/store/search-rows';
import { freshLibrary } from '../helpers/db';
import { captureSeed } from '../helpers/seed';

const seed = captureSeed('article.html');
const edited = captureSeed('article-edited.html');
const story = (n: number) => ({ ...seed, canonicalUrl: `https://news.example/${n}`, title: `Story ${n}` });
const rows = (db: LibraryDatabase) => db.words.orderBy(':id').toArray();

describe('search keys', () => {
  it('order pages by their last save, newest first, whatever their address', () => {
    const none = () => false;
    const keys = [3, 1_700_000_000_000, 1_700_000_000_001, 4_102_444_800_000].map((at) => freeKey(`https://site.example/${at}`, at, none)!);
    expect([...keys].sort((a, b) => a - b)).toEqual([...keys].reverse());
    for (const key of keys) expect(Number.isSafeInteger(key)).toBe(true);
  });

  it('give pages saved in the same millisecond different keys, each the same whichever comes first', () => {
    const at = Date.UTC(2026, 10, 25);
    const taken = new Set<number>();
    const a = freeKey('https://a.example/', at, (k) => taken.has(k))!;
    taken.add(a);
    const b = freeKey('https://b.example/', at, (k) => taken.has(k))!;
    expect(a).not.toBe(b);
    expect(keyFits(a, at) && keyFits(b, at)).toBe(true);
    expect(freeKey('https://b.example/', at, () => false)).toBe(b);
  });

  it('have room for every slot of a millisecond, then say there is none', () => {
    const at = 1000;
    const taken = new Set<number>();
    for (let i = 0; i < SLOTS; i++) taken.add(freeKey(`https://x.example/${i}`, at, (k) => taken.has(k))!);
    expect(taken.size).toBe(SLOTS);
    expect(freeKey('https://one-more.example/', at, (k) => taken.has(k))).toBeNull();
    const [first, last] = keyRange(at);
    expect([...taken].every((k) => k >= first && k <= last)).toBe(true);
  });

  it('clamp dates no key can order (before 1970, after 2109) instead of overflowing', () => {
    expect(Number.isSafeInteger(freeKey('https://x.example/', 1e20, () => false))).toBe(true);
    expect(keyRange(-5)).toEqual(keyRange(0));
  });
});

describe('search rows as the library changes', () => {
  it('moves a page to the top of a search when it is saved again with new words', async () => {
    const db = freshLibrary();
    await saveCapture(db, seed, 1000);
    await saveCapture(db, story(1), 2000);
    expect((await searchLibrary(db, 'paratroopers')).pages.map((p) => p.url)).toEqual([story(1).canonicalUrl, seed.canonicalUrl]);
    await saveCapture(db, edited, 3000);
    expect((await searchLibrary(db, 'paratroopers')).pages.map((p) => p.url)).toEqual([seed.canonicalUrl, story(1).canonicalUrl]);
    // One row per page, keyed by its last save.
    const all = await rows(db);
    expect(all.map((r) => r.pageUrl).sort()).toEqual([seed.canonicalUrl, story(1).canonicalUrl].sort());
    for (const page of await db.pages.toArray()) expect(keyFits(all.find((r) => r.pageUrl === page.url)!.key, page.lastSavedAt)).toBe(true);
  });

  it('keeps a page where it was when a save finds it unchanged, and moves it when it goes back to an earlier version', async () => {
    const db = freshLibrary();
    await saveCapture(db, seed, 1000);
    await saveCapture(db, edited, 2000);
    const before = await rows(db);
    await saveCapture(db, edited, 3000);
    expect(await rows(db)).toEqual(before);
    await saveCapture(db, seed, 4000);
    const [row] = await rows(db);
    expect(keyFits(row!.key, 4000)).toBe(true);
    expect(await db.words.count()).toBe(1);
  });

  it('gives two pages saved in the same millisecond a row each, both found', async () => {
    const db = freshLibrary();
    await saveCapture(db, story(1), 5000);
    await saveCapture(db, story(2), 5000);
    expect((await searchLibrary(db, 'paratroopers')).total).toBe(2);
  });

  it('shows the page of each key found, newest first, whatever other pages share its millisecond or sit in it', async () => {
    const db = freshLibrary();
    for (let n = 1; n <= 20; n++) await saveCapture(db, story(n), 9000);
    await saveCapture(db, story(21), 5000);
    await saveCapture(db, story(22), 6000);
    // The row of story 22 in a key of 5,000's millisecond, as when all of 6,000's keys were taken.
    const moved = (await db.words.where('pageUrl').equals(story(22).canonicalUrl).first())!;
    await db.transaction('rw', db.words, async () => {
      await db.words.delete(moved.key);
      await db.words.put({ ...moved, key: keyRange(5000)[0] });
    });
    await indexQueued(db);
    const byKey = (await rows(db)).map((row) => row.pageUrl);
    expect((await searchLibrary(db, 'paratroopers')).pages.map((page) => page.url)).toEqual(byKey);
    // Three of twenty pages of one millisecond: fewer of its pages read than it holds.
    expect((await searchLibrary(db, 'paratroopers', {}, 3)).pages.map((page) => page.url)).toEqual(byKey.slice(0, 3));
  });

  it('puts a deleted page back at its key, or at a new one if another page took it meanwhile', async () => {
    const db = freshLibrary();
    await saveCapture(db, story(1), 5000);
    const [row] = await rows(db);
    const removed = await deletePage(db, story(1).canonicalUrl);
    expect(await db.words.count()).toBe(0);
    await undoDelete(db, removed);
    expect(await rows(db)).toEqual([row]);

    const again = await deletePage(db, story(1).canonicalUrl);
    // Another page takes the key while the first is deleted.
    await db.transaction('rw', db.words, () => db.words.put({ ...row!, pageUrl: 'https://other.example/' }));
    await undoDelete(db, again);
    const after = await rows(db);
    expect(after.map((r) => r.pageUrl).sort()).toEqual([story(1).canonicalUrl, 'https://other.example/'].sort());
    const restored = after.find((r) => r.pageUrl === story(1).canonicalUrl)!;
    expect(restored.key).not.toBe(row!.key);
    expect(keyFits(restored.key, 5000)).toBe(true);
    expect(restored.terms).toEqual(row!.terms);
  });

  it('never gives one key twice to rows written side by side in one transaction', async () => {
    const db = freshLibrary();
    const taken = new Set<number>();
    const pages = Array.from({ length: 50 }, (_, i) => ({ url: `https://same-moment.example/${i}`, lastSavedAt: 7000 }));
    await db.transaction('rw', db.words, () => Promise.all(pages.map((page) => writeSearchRow(db, page, { snapshotId: 'x', terms: ['word'] }, taken))));
    expect(await db.words.count()).toBe(50);
    // Written queued, then indexed: fifty rows, fifty index entries.
    expect(await db.words.where('queued').equals(1).count()).toBe(50);
    expect(await indexQueued(db)).toBe(50);
    expect(await db.words.where('terms').equals('word').count()).toBe(50);
  });

  it('gives new pages written together the keys they get one by one, past taken slots and a full millisecond', async () => {
    const pages = [
      ...Array.from({ length: 60 }, (_, i) => ({ url: `https://import.example/${i}`, lastSavedAt: 1000 + (i % 7) })),
      // More pages than a millisecond has keys: the last ones go to the millisecond before.
      ...Array.from({ length: SLOTS + 3 }, (_, i) => ({ url: `https://crowd.example/${i}`, lastSavedAt: 5000 })),
    ];
    const words = (url: string) => ({ snapshotId: 'x', terms: ['harbour', url] });
    const oneByOne = freshLibrary();
    await oneByOne.transaction('rw', oneByOne.words, async () => {
      for (const page of pages) await writeSearchRow(oneByOne, page, words(page.url));
    });
    const together = freshLibrary();
    // A row whose page is gone, holding one of the addresses: it makes way.
    await together.words.add({ key: -1, pageUrl: pages[0]!.url, snapshotId: 'old', terms: ['stale'] });
    await together.transaction('rw', together.words, () => addSearchRows(together, pages.map((page) => ({ page, ...words(page.url) }))));
    expect(await rows(together)).toEqual(await rows(oneByOne));
    expect(await together.words.where('terms').equals('stale').count()).toBe(0);
    expect(await together.words.count()).toBe(pages.length);
  });

  it('moves a row to a later save with its words unchanged, and leaves one that fits', async () => {
    const db = freshLibrary();
    const page = { url: 'https://moved.example/', lastSavedAt: 1000 };
    const key = await db.transaction('rw', db.words, () => writeSearchRow(db, page, { snapshotId: 'x', terms: ['harbour'] }));
    await db.transaction('rw', db.words, () => moveSearchRow(db, page));
    expect((await rows(db)).map((r) => r.key)).toEqual([key]);
    await db.transaction('rw', db.words, () => moveSearchRow(db, { ...page, lastSavedAt: 9000 }));
    const [row] = await rows(db);
    expect(keyFits(row!.key, 9000)).toBe(true);
    expect(row).toMatchObject({ pageUrl: page.url, snapshotId: 'x', queued: 1, queuedTerms: ['harbour'] });
    expect(await db.words.count()).toBe(1);
  });
});
