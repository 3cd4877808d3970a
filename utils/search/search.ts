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

/** Pages having one term (exactly, or as a prefix). */
async function pagesWith(db: LibraryDatabase, term: string, prefix: boolean): Promise<Set<string>> {
  const where = db.search.where('terms');
  const keys = await (prefix ? where.startsWith(term) : where.equals(term)).primaryKeys();
  return new Set(keys as string[]);
}

function intersect(sets: Set<string>[]): Set<string> {
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
  const found = intersect(sets);
  const filtered = !!filters.site?.trim() || !!filters.tag || filters.from !== undefined || filters.to !== undefined;
  if (!filtered && found.size > limit * NEWEST_WALK_FACTOR) {
    return { pages: await newestOf(db, found, limit), terms, total: found.size };
  }
  const pages = (await db.pages.bulkGet([...found])).filter((page): page is PageRecord => !!page && matchesFilters(page, filters));
  pages.sort((a, b) => b.lastSavedAt - a.lastSavedAt || (a.url < b.url ? 1 : -1));
  return { pages: pages.slice(0, limit), terms, total: pages.length };
}

/**
 * Above this many matches for each page shown, walking the date index is cheaper than reading
 * every matching page to sort it: a word in half of 10,000 pages would otherwise read 5,000.
 */
const NEWEST_WALK_FACTOR = 4;
/** Keys read from the date index at a time: enough for a common word's first page of results. */
const NEWEST_WALK_CHUNK = 1000;

/**
 * The `limit` newest of many matching pages: the date index's keys, newest first, are read in
 * chunks (keys only, no page) until `limit` of them are among the matches; only those pages are
 * read. Ties in date come newest key first, as the sort above orders them.
 */
async function newestOf(db: LibraryDatabase, found: Set<string>, limit: number): Promise<PageRecord[]> {
  const chosen: string[] = [];
  for (let offset = 0; chosen.length < limit; offset += NEWEST_WALK_CHUNK) {
    const keys = (await db.pages.orderBy('lastSavedAt').reverse().offset(offset).limit(NEWEST_WALK_CHUNK).primaryKeys()) as string[];
    for (const key of keys) if (found.has(key) && chosen.length < limit) chosen.push(key);
    if (keys.length < NEWEST_WALK_CHUNK) break;
  }
  return (await db.pages.bulkGet(chosen)).filter((page): page is PageRecord => !!page);
}
