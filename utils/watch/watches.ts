import type { LibraryDatabase } from '../store/db';
import type { CheckRecord, PageRecord, WatchInterval, WatchRecord } from '../store/records';
import { firstCheckAt, INTERVAL_MS } from './schedule';

/** The settings row that says a "Check all" is under way, {startedAt, total}: the library shows its progress from it. */
export const CHECK_ALL_RUN = 'checkAllRun';

/** The settings of watching, in the `settings` table: what the user chose, with its default. */
export const WATCH_SETTINGS = {
  /** Stops every check at once, and lets none start. */
  paused: false,
  /** Watch every page saved from now on, at the default interval. */
  watchNewSaves: false,
  /** A system notification for each piece of news (needs the optional `notifications` permission). */
  notify: false,
};
export type WatchSettingName = keyof typeof WATCH_SETTINGS;

export async function watchSetting(db: LibraryDatabase, name: WatchSettingName): Promise<boolean> {
  const row = await db.settings.get(name);
  return typeof row?.value === 'boolean' ? row.value : WATCH_SETTINGS[name];
}

export async function setWatchSetting(db: LibraryDatabase, name: WatchSettingName, value: boolean): Promise<void> {
  await db.settings.put({ name, value });
}

/**
 * Watch a page, or change how often it is checked. A page watched already keeps its next time if
 * its interval does not change; the first check of a page comes one interval after it is watched
 * (it was just saved), spread a little.
 */
export async function watchPage(db: LibraryDatabase, pageUrl: string, interval: WatchInterval, now: number, random: () => number = Math.random): Promise<WatchRecord> {
  return db.transaction('rw', [db.watches, db.pages], async () => {
    if (!(await db.pages.get(pageUrl))) throw new Error(`not in the library: ${pageUrl}`);
    const known = await db.watches.get(pageUrl);
    if (known && known.interval === interval) return known;
    const watch: WatchRecord = known
      ? { ...known, interval, nextCheckAt: Math.min(known.nextCheckAt, (known.lastCheckedAt ?? now) + INTERVAL_MS[interval]) }
      : { pageUrl, interval, since: now, nextCheckAt: firstCheckAt(interval, now, random), failures: 0 };
    await db.watches.put(watch);
    return watch;
  });
}

/** Stop watching a page. Its checks stay: they are its history. */
export async function unwatchPage(db: LibraryDatabase, pageUrl: string): Promise<void> {
  await db.watches.delete(pageUrl);
}

/** "Check all watched": every watched page due now. Answers how many. */
export async function dueAllNow(db: LibraryDatabase, now: number): Promise<number> {
  return db.transaction('rw', db.watches, async () => {
    const all = await db.watches.toArray();
    await db.watches.bulkPut(all.map((watch) => ({ ...watch, nextCheckAt: Math.min(watch.nextCheckAt, now) })));
    return all.length;
  });
}

/**
 * "Cancel" of a check of all: the pages it had not reached go back to their own schedule, one
 * interval after their last check (or from now, for one never checked).
 */
export async function undueUnchecked(db: LibraryDatabase, since: number, now: number, random: () => number = Math.random): Promise<number> {
  return db.transaction('rw', db.watches, async () => {
    const waiting = (await db.watches.where('nextCheckAt').belowOrEqual(now).toArray()).filter((watch) => (watch.lastCheckedAt ?? 0) < since);
    await db.watches.bulkPut(waiting.map((watch) => ({ ...watch, nextCheckAt: Math.max(now, (watch.lastCheckedAt ?? now) + INTERVAL_MS[watch.interval]) + Math.round(random() * 60_000) })));
    return waiting.length;
  });
}

/** The watched pages due by `now`, soonest first. */
export function dueWatches(db: LibraryDatabase, now: number): Promise<WatchRecord[]> {
  return db.watches.where('nextCheckAt').belowOrEqual(now).toArray();
}

/** When the next check is due, if any page is watched. */
export async function nextDue(db: LibraryDatabase): Promise<number | null> {
  return (await db.watches.orderBy('nextCheckAt').first())?.nextCheckAt ?? null;
}

/** News the user has not looked at yet: the toolbar badge's count. */
export function unseenNews(db: LibraryDatabase): Promise<number> {
  return db.checks.where('unseen').equals(1).count();
}

/** The user has looked (the library or the censorship log): the news is no longer new. */
export async function markNewsSeen(db: LibraryDatabase): Promise<void> {
  await db.transaction('rw', db.checks, async () => {
    const unseen = await db.checks.where('unseen').equals(1).toArray();
    await db.checks.bulkPut(unseen.map(({ unseen: _unseen, ...check }) => check as CheckRecord));
  });
}

/** A page's checks, oldest first: its timeline beside its saves. */
export function checksOf(db: LibraryDatabase, pageUrl: string): Promise<CheckRecord[]> {
  return db.checks.where('[pageUrl+at]').between([pageUrl, -Infinity], [pageUrl, Infinity]).toArray();
}

/** Which watched pages the library lists: all of them, or those whose last news was this outcome. */
export type WatchedShown = 'watched' | 'edited' | 'removed' | 'blocked' | 'unreachable';

/** The watched pages the library shows for a choice, newest save first. */
export async function watchedPages(db: LibraryDatabase, shown: WatchedShown): Promise<PageRecord[]> {
  const watches = await db.watches.toArray();
  const chosen = shown === 'watched' ? watches : watches.filter((watch) => watch.lastNews?.outcome === shown);
  const pages = await db.pages.bulkGet(chosen.map((watch) => watch.pageUrl));
  return pages.filter((page): page is PageRecord => !!page).sort((a, b) => b.lastSavedAt - a.lastSavedAt);
}
