import type { LibraryDatabase } from '../store/db';
import type { PageRecord } from '../store/records';
import { hostOf } from '../format';
import { parseQuery, type QueryTerm } from './tokenizer';

export interface SearchFilters {
  /** Site name or host, matched without case. */
  site?: string;
  /** One of the page's tags, exactly. */
  tag?: string;
  /** Saved on or after / before these times (ms). */
  from?: number;
  to?: number;
}

export interface SearchResult {
  pages: PageRecord[];
  /** The query's terms, for marking passages. */
  terms: QueryTerm[];
  /** How many pages matched before the limit. */
  total: number;
}

/** Search keys of the pages having one term (exactly, or as a prefix). */
async function pagesWith(db: LibraryDatabase, term: string, prefix: boolean): Promise<Set<number>> {
  const where = db.words.where('terms');
  const keys = await (prefix ? where.startsWith(term) : where.equals(term)).primaryKeys();
  return new Set(keys as number[]);
}

function intersect(sets: Set<number>[]): Set<number> {
  if (sets.length === 0) return new Set();
  const [smallest, ...rest] = [...sets].sort((a, b) => a.size - b.size);
  return new Set([...smallest!].filter((key) => rest.every((set) => set.has(key))));
}

function matchesFilters(page: PageRecord, filters: SearchFilters): boolean {
  if (filters.site) {
    const wanted = filters.site.trim().toLowerCase();
    const names = [page.siteName ?? '', hostOf(page.url)].map((name) => name.toLowerCase());
    if (wanted && !names.some((name) => name.includes(wanted))) return false;
  }
  if (filters.tag && !page.tags.includes(filters.tag)) return false;
  if (filters.from !== undefined && page.lastSavedAt < filters.from) return false;
  if (filters.to !== undefined && page.lastSavedAt > filters.to) return false;
  return true;
}

/**
 * Pages whose newest copy has every word of the query (the last one typed as a prefix), newest
 * first, filtered by site and date. Runs on the multi-entry index: no body is read.
 */
export async function searchLibrary(db: LibraryDatabase, query: string, filters: SearchFilters = {}, limit = 100): Promise<SearchResult> {
  const terms = parseQuery(query);
  if (terms.length === 0) {
    // Filters alone list the pages they let through, newest first.
    if (!filters.site?.trim() && !filters.tag && filters.from === undefined && filters.to === undefined) return { pages: [], terms, total: 0 };
    const pages = await db.pages.orderBy('lastSavedAt').reverse().filter((page) => matchesFilters(page, filters)).toArray();
    return { pages: pages.slice(0, limit), terms, total: pages.length };
  }
  const sets = await Promise.all(terms.flatMap((term) => term.all.map((t) => pagesWith(db, t, term.prefix))));
  // Search keys order pages newest first (search-key.ts): sorting the keys sorts the pages.
  const found = [...intersect(sets)].sort((a, b) => a - b);
  const filtered = !!filters.site?.trim() || !!filters.tag || filters.from !== undefined || filters.to !== undefined;
  if (!filtered) return { pages: await pagesOf(db, found.slice(0, limit)), terms, total: found.length };
  // Every match must be read to filter it: their addresses come from one pass over the rows'
  // address index (keys only), not from the rows, which hold up to 3,000 words each.
  const wanted = new Set(found);
  const urlOf = new Map<number, string>();
  await db.words.orderBy('pageUrl').eachKey((url, cursor) => {
    if (wanted.has(cursor.primaryKey as number)) urlOf.set(cursor.primaryKey as number, url as string);
  });
  const pages = (await db.pages.bulkGet(found.flatMap((key) => urlOf.get(key) ?? []))).filter((page): page is PageRecord => !!page && matchesFilters(page, filters));
  return { pages: pages.slice(0, limit), terms, total: pages.length };
}

/** The pages of these search keys (a hundred at most), in the same order. */
async function pagesOf(db: LibraryDatabase, keys: number[]): Promise<PageRecord[]> {
  const rows = await db.words.bulkGet(keys);
  return (await db.pages.bulkGet(rows.flatMap((row) => (row ? [row.pageUrl] : [])))).filter((page): page is PageRecord => !!page);
}
