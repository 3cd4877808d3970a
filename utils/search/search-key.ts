/**
 * Search rows are keyed by a number that puts the most recently saved page first: the multi-entry
 * index lists each word's pages in key order, so the newest matches are its first keys, and every
 * index entry repeats a key of 8 bytes instead of the page's address. With the address as the key,
 * writing a page's words cost four times as much at 10,000 pages and kept growing with the library
 * (docs/BENCHMARKS.md).
 *
 * A key is the save time in milliseconds times SLOTS, plus a slot, negated: pages saved in the
 * same millisecond take different slots. The slot is chosen from the page's address, so the same
 * library gets the same keys whichever order its pages are written in (an archive imported into
 * another profile compares equal), and moves on to the next free one when two pages share it.
 */
export const SLOTS = 2048;
/** The latest save time a key can order: year 2109. Later (or earlier than 1970) times are clamped. */
const LATEST = Math.floor(Number.MAX_SAFE_INTEGER / SLOTS) - 1;

/** The keys of one millisecond, [first, last]: its slot 0 is the last. */
export function keyRange(savedAt: number): [number, number] {
  const base = -Math.min(Math.max(Math.floor(savedAt), 0), LATEST) * SLOTS;
  return [base - (SLOTS - 1), base];
}

/** Where a page would sit among the pages saved in its millisecond: FNV-1a of its address. */
function preferredSlot(pageUrl: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < pageUrl.length; i++) hash = Math.imul(hash ^ pageUrl.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % SLOTS;
}

/**
 * The key for a page saved at `savedAt`, given the keys of that millisecond already in use. Null
 * only when all 2,048 are taken, which no real library reaches; the caller then tries the next
 * millisecond.
 */
export function freeKey(pageUrl: string, savedAt: number, taken: (key: number) => boolean): number | null {
  const [, base] = keyRange(savedAt);
  const preferred = preferredSlot(pageUrl);
  for (let i = 0; i < SLOTS; i++) {
    const key = base - ((preferred + i) % SLOTS);
    if (!taken(key)) return key;
  }
  return null;
}

/**
 * The save time (ms) a key orders: that of its page, unless all 2,048 keys of the page's own
 * millisecond were taken and its row took one of an earlier millisecond (search-rows.ts), or its
 * time was clamped. So a caller that finds a page by it checks that the page's row has this key.
 */
export function savedAtOf(key: number): number {
  return Math.floor(-key / SLOTS);
}

/** True when `key` orders a page saved at `savedAt`: its row need not move. */
export function keyFits(key: number | undefined, savedAt: number): key is number {
  if (key === undefined) return false;
  const [first, last] = keyRange(savedAt);
  return key >= first && key <= last;
}
