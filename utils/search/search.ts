import Dexie from 'dexie';
import type { LibraryDatabase } from '../store/db';
import { termsHeld } from '../store/sealed-tables';
import { rowTerms, type PageRecord, type SearchRow } from '../store/records';
import { hostOf } from '../format';
import { savedAtOf } from './search-key';
import { parseQuery, type QueryTerm } from './tokenizer';
import { keepsVocabulary, wordsBeginning } from './vocabulary';

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
  /** The newest matching pages, newest first, `limit` at most. */
  pages: PageRecord[];
  /** The query's terms, for marking passages. */
  terms: QueryTerm[];
  /**
   * How many pages match; null when knowing it would mean reading every match of words found on
   * many pages (more than `pages` match): `countMatches` gives it, a moment later.
   */
  total: number | null;
}

/**
 * How a search reads the multi-entry index. Each key read costs Chromium about 12 µs, so a word on
 * half of 10,000 pages cost 70 ms to read whole (docs/BENCHMARKS.md). Search keys put the newest
 * page first (search-key.ts), so a word's first keys are its newest pages: a search reads this many
 * keys per word, answers from them when they are enough for the newest `limit` matches, and reads
 * eight times as many when they are not.
 */
const FIRST_KEYS = 256;
const DEEPER = 8;
/**
 * A prefix that begins more words than this ("a", "пр") is not read from the index, where it
 * would cover much of the library's entries: pages are read newest first and tested instead,
 * which finds the newest matches of so common a prefix after reading about as many pages. Each
 * word of a prefix costs a lookup of about a millisecond to find.
 */
const PREFIX_WORDS = 24;
/** Pages read beyond those wanted of a millisecond, when pages are found by their save time (pagesFor). */
const SAME_TIME = 8;
/** Pages read per step when pages must be tested one by one. */
const SCAN_CHUNK = 100;

/** One word the query requires: exactly, or as the start of a word. */
interface Needed {
  text: string;
  prefix: boolean;
}

/**
 * The keys of a needed word's pages known so far, ascending (newest first): every match up to
 * `bound` is among them, and `bound` is Infinity once all are.
 */
interface Known {
  keys: number[];
  bound: number;
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

const hasFilters = (filters: SearchFilters) => !!filters.site?.trim() || !!filters.tag || filters.from !== undefined || filters.to !== undefined;

const rowHas = (row: SearchRow, needed: Needed) => {
  const terms = rowTerms(row);
  return needed.prefix ? terms.some((term) => term.startsWith(needed.text)) : terms.includes(needed.text);
};

/** The newest matches' keys, and their number when it is known. */
interface Found {
  keys: number[];
  total: number | null;
}

/** One search, inside one read-only transaction so that a save meanwhile cannot shift its keys. */
class Search {
  private readonly rows = new Map<number, SearchRow | undefined>();
  private readonly pages = new Map<string, PageRecord | undefined>();
  /** Words a prefix begins, or null when there are too many to read from the index. */
  private readonly prefixWords = new Map<string, string[] | null>();

  constructor(
    private readonly db: LibraryDatabase,
    private readonly needed: Needed[],
    private readonly filters: SearchFilters,
  ) {}

  /** The first `depth` keys of one word's pages: all of them when it has no more. */
  private async wordKeys(word: string, depth: number): Promise<Known> {
    const keys = (await this.db.words.where('terms').equals(word).limit(depth + 1).primaryKeys()) as number[];
    if (keys.length <= depth) return { keys, bound: Infinity };
    keys.length = depth;
    return { keys, bound: keys[depth - 1]! };
  }

  /** What the index says of a needed word at this depth; null for a prefix too broad to read there. */
  private async known(needed: Needed, depth: number): Promise<Known | null> {
    if (!needed.prefix) return this.wordKeys(needed.text, depth);
    let words = this.prefixWords.get(needed.text);
    if (words === undefined) {
      words = await this.wordsStartingWith(needed.text);
      this.prefixWords.set(needed.text, words);
    }
    if (words === null) return null;
    // The union of its words' pages is known up to the nearest of their bounds.
    const each = await Promise.all(words.map((word) => this.wordKeys(word, depth)));
    const bound = Math.min(Infinity, ...each.map((k) => k.bound));
    const keys = [...new Set(each.flatMap((k) => k.keys))].filter((key) => key <= bound).sort((a, b) => a - b);
    return { keys, bound };
  }

  /**
   * The words a prefix begins, one index lookup each: every lookup starts after the word before,
   * so the index's entries for a word found on thousands of pages are skipped, not walked (a
   * unique-key cursor walked them: 140 ms for a word on half of 10,000 pages). Null beyond
   * PREFIX_WORDS.
   */
  private async wordsStartingWith(prefix: string): Promise<string[] | null> {
    // A protected library's index holds keyed words, which know no prefixes: its list of words says
    // which words the prefix begins (vocabulary.ts).
    await this.db.open();
    if (keepsVocabulary(this.db)) return wordsBeginning(this.db, prefix, PREFIX_WORDS);
    const words: string[] = [];
    const end = `${prefix}\uffff`;
    for (let after = prefix, first = true; words.length <= PREFIX_WORDS; first = false) {
      const [word] = (await this.db.words.where('terms').between(after, end, first, true).limit(1).keys()) as string[];
      if (word === undefined) return words;
      words.push(word);
      after = word;
    }
    return null;
  }

  private async rowsOf(keys: number[]): Promise<(SearchRow | undefined)[]> {
    const missing = keys.filter((key) => !this.rows.has(key));
    if (missing.length) (await this.db.words.bulkGet(missing)).forEach((row, i) => this.rows.set(missing[i]!, row));
    return keys.map((key) => this.rows.get(key));
  }

  private async pagesOf(rows: (SearchRow | undefined)[]): Promise<(PageRecord | undefined)[]> {
    const missing = [...new Set(rows.flatMap((row) => (row && !this.pages.has(row.pageUrl) ? [row.pageUrl] : [])))];
    if (missing.length) (await this.db.pages.bulkGet(missing)).forEach((page, i) => this.pages.set(missing[i]!, page));
    return rows.map((row) => (row ? this.pages.get(row.pageUrl) : undefined));
  }

  /**
   * Of these keys, in order, those whose page has the words `testsFor` names and passes the
   * filters, until `limit` are found. A page's row (its words) and record are read only for the
   * keys that have something to check. In a protected library a row's words are tested against
   * the keyed terms it keeps for the index (termsHeld), which opens nothing; its words are opened
   * only for what those cannot answer (a prefix too broad for the list of words, a row not yet
   * indexed), and its record only for the filters.
   */
  private async confirm(keys: number[], testsFor: (key: number) => Needed[], limit: number): Promise<number[]> {
    const filtered = hasFilters(this.filters);
    const found: number[] = [];
    for (let i = 0; i < keys.length && found.length < limit; i += SCAN_CHUNK) {
      const chunk = keys.slice(i, i + SCAN_CHUNK);
      const tests = chunk.map(testsFor);
      // Positions in the chunk of the keys with something to check.
      const checked = chunk.flatMap((_, j) => (filtered || tests[j]!.length > 0 ? [j] : []));
      const held = await this.heldTests(checked.map((j) => chunk[j]!), checked.map((j) => tests[j]!));
      const heldAt = new Map(checked.map((j, c) => [j, held[c]]));
      const unread = checked.filter((j) => filtered || !heldAt.get(j));
      const read = await this.rowsOf(unread.map((j) => chunk[j]!));
      const pages = filtered ? await this.pagesOf(read) : [];
      const rowAt = new Map(unread.map((j, r) => [j, { row: read[r], page: pages[r] }]));
      chunk.forEach((key, j) => {
        if (found.length >= limit) return;
        if (!heldAt.has(j)) return void found.push(key);
        const readHere = rowAt.get(j);
        // A row read and not there: its page went meanwhile.
        if (readHere && !readHere.row) return;
        const has = heldAt.get(j) ?? ((needed: Needed) => rowHas(readHere!.row!, needed));
        if (tests[j]!.every(has) && (!filtered || (readHere?.page && matchesFilters(readHere.page, this.filters)))) found.push(key);
      });
    }
    return found;
  }

  /**
   * In a protected library, for each of these rows, a test of the needed words against its keyed
   * terms, when they can answer all of `tests` (a prefix by the words the list says it begins);
   * undefined where its words must be opened. In a plain library, undefined for every row.
   */
  private async heldTests(keys: number[], tests: Needed[][]): Promise<(((needed: Needed) => boolean) | undefined)[]> {
    const answerable = (needed: Needed) => !needed.prefix || Array.isArray(this.prefixWords.get(needed.text));
    const asked = keys.filter((_, j) => tests[j]!.every(answerable));
    if (!asked.length || !keepsVocabulary(this.db)) return keys.map(() => undefined);
    const trans = Dexie.currentTransaction!.idbtrans as unknown as Parameters<typeof termsHeld>[1];
    const held = await termsHeld(this.db.words, trans, asked, 'terms');
    const byKey = new Map(asked.map((key, j) => [key, held[j]]));
    return keys.map((key) => {
      const has = byKey.get(key);
      if (!has) return undefined;
      return (needed: Needed) => (needed.prefix ? this.prefixWords.get(needed.text)!.some(has) : has(needed.text));
    });
  }

  /**
   * Rows not yet in the index (records.ts, `SearchRow`), read whole and tested: every match among
   * them, ascending. Few in use (the last saves' rows, indexed a moment later), and all of an
   * import's new pages until they are indexed.
   */
  private async queuedMatches(): Promise<number[]> {
    const rows = await this.db.words.where('queued').equals(1).toArray();
    if (!rows.length) return [];
    rows.forEach((row) => this.rows.set(row.key, row));
    return this.confirm(rows.map((row) => row.key).sort((a, b) => a - b), () => this.needed, Infinity);
  }

  /**
   * The keys of the newest `limit` matching pages, ascending, and how many pages match when that
   * is known without reading more: the index's matches and the queued rows' together (a page's one
   * row is in one or the other). A scan reads every row, queued ones included.
   */
  async newest(limit: number): Promise<Found> {
    const [indexed, queued] = await Promise.all([this.fromIndex(limit), this.queuedMatches()]);
    if (indexed.scanned || !queued.length) return indexed;
    const keys = [...indexed.keys, ...queued].sort((a, b) => a - b).slice(0, limit);
    return { keys, total: indexed.total === null ? null : indexed.total + queued.length };
  }

  /** Pages read newest first and tested: for queries made only of very common prefixes. */
  private async scan(limit: number): Promise<Found & { scanned: true }> {
    const found: number[] = [];
    let after = -Infinity;
    for (;;) {
      const rows = await this.db.words.where(':id').above(after).limit(SCAN_CHUNK).toArray();
      rows.forEach((row) => this.rows.set(row.key, row));
      found.push(...(await this.confirm(rows.map((row) => row.key), () => this.needed, limit - found.length)));
      if (found.length >= limit) return { keys: found, total: null, scanned: true };
      if (rows.length < SCAN_CHUNK) return { keys: found, total: found.length, scanned: true };
      after = rows.at(-1)!.key;
    }
  }

  /**
   * The keys of the newest `limit` matching pages in the index, ascending, and how many pages match
   * there when that is known without reading more. Reads the index a little at a time (FIRST_KEYS).
   */
  private async fromIndex(limit: number): Promise<Found & { scanned?: true }> {
    for (let depth = FIRST_KEYS; ; depth *= DEEPER) {
      const known = await Promise.all(this.needed.map((needed) => this.known(needed, depth)));
      const fromIndex = this.needed.flatMap((needed, i) => (known[i] ? [{ needed, known: known[i]! }] : []));
      const broad = this.needed.filter((_, i) => !known[i]);
      if (fromIndex.length === 0) return this.scan(limit);

      // A word whose pages are all known: its pages are the candidates, and every match is among them.
      const whole = fromIndex.filter((n) => n.known.bound === Infinity).sort((a, b) => a.known.keys.length - b.known.keys.length)[0];
      if (whole) {
        const others = fromIndex.filter((n) => n !== whole).map((n) => ({ ...n, has: new Set(n.known.keys) }));
        // Beyond what is read of another word, its presence is checked on the page's own words.
        const candidates = whole.known.keys.filter((key) => others.every((o) => key > o.known.bound || o.has.has(key)));
        const testsFor = (key: number) => [...broad, ...others.filter((o) => key > o.known.bound).map((o) => o.needed)];
        // Every candidate is decided, to count them.
        const keys = await this.confirm(candidates, testsFor, Infinity);
        return { keys: keys.slice(0, limit), total: keys.length };
      }

      // Every word has more pages than were read: the keys read of all of them are the matches up to
      // the nearest of their bounds (a key beyond a word's bound is in none of its keys read).
      const [first, ...rest] = fromIndex.map((n) => n.known.keys);
      const sets = rest.map((keys) => new Set(keys));
      const candidates = first!.filter((key) => sets.every((set) => set.has(key)));
      const keys = await this.confirm(candidates, () => broad, limit);
      if (keys.length >= limit) return { keys, total: null };
    }
  }

  /**
   * The pages of these keys, in their order. A key says when its page was last saved
   * (search-key.ts): the pages saved in those milliseconds are read by their save time, and each
   * one's key looked up in the index of addresses. The search rows themselves are not read: each
   * holds a few hundred words, and reading a hundred of them cost several times as much as the
   * pages, in a protected library most (docs/BENCHMARKS.md). A key no page of its millisecond
   * answers (a row in an earlier millisecond, its own full; a millisecond holding more pages than
   * are read of it) is read as a row.
   */
  async pagesFor(keys: number[]): Promise<PageRecord[]> {
    const byTime = new Map<number, number>();
    for (const key of keys) {
      if (this.rows.has(key)) continue;
      const at = savedAtOf(key);
      byTime.set(at, (byTime.get(at) ?? 0) + 1);
    }
    const saved = (await Promise.all([...byTime].map(([at, count]) => this.db.pages.where('lastSavedAt').equals(at).limit(count + SAME_TIME).toArray()))).flat();
    const rowKeys = await Promise.all(saved.map((page) => this.db.words.where('pageUrl').equals(page.url).primaryKeys()));
    const byKey = new Map<number, PageRecord>();
    saved.forEach((page, i) => {
      this.pages.set(page.url, page);
      for (const key of rowKeys[i] as number[]) byKey.set(key, page);
    });
    const rest = keys.filter((key) => !byKey.has(key));
    (await this.pagesOf(await this.rowsOf(rest))).forEach((page, i) => page && byKey.set(rest[i]!, page));
    return keys.flatMap((key) => byKey.get(key) ?? []);
  }
}

function neededOf(terms: QueryTerm[]): Needed[] {
  return terms.flatMap((term) => term.all.map((text) => ({ text, prefix: term.prefix })));
}

/** Filters alone list the pages they let through, newest first. */
async function filteredPages(db: LibraryDatabase, filters: SearchFilters): Promise<PageRecord[]> {
  if (!hasFilters(filters)) return [];
  return db.pages.orderBy('lastSavedAt').reverse().filter((page) => matchesFilters(page, filters)).toArray();
}

/**
 * Pages whose newest copy has every word of the query (the last one typed as a prefix), newest
 * first, filtered by site and date. Runs on the multi-entry index: no body is read.
 */
export async function searchLibrary(db: LibraryDatabase, query: string, filters: SearchFilters = {}, limit = 100): Promise<SearchResult> {
  const terms = parseQuery(query);
  if (terms.length === 0) {
    const pages = await filteredPages(db, filters);
    return { pages: pages.slice(0, limit), terms, total: pages.length };
  }
  return db.transaction('r', [db.words, db.pages, db.vocabulary], async () => {
    const search = new Search(db, neededOf(terms), filters);
    const { keys, total } = await search.newest(limit);
    return { pages: await search.pagesFor(keys), terms, total };
  });
}

/** How many pages a query finds: every match is read, so this takes longer than the search. */
export async function countMatches(db: LibraryDatabase, query: string, filters: SearchFilters = {}): Promise<number> {
  const terms = parseQuery(query);
  if (terms.length === 0) return (await filteredPages(db, filters)).length;
  return db.transaction('r', [db.words, db.pages, db.vocabulary], async () => (await new Search(db, neededOf(terms), filters).newest(Infinity)).total ?? 0);
}
