import type { WatchInterval, WatchRecord } from '../store/records';
import type { CheckOutcome } from './classify';

const HOUR = 60 * 60 * 1000;

/** How often a watched page is checked; daily unless the user chooses otherwise. */
export const INTERVAL_MS: Record<WatchInterval, number> = { hourly: HOUR, '6h': 6 * HOUR, daily: 24 * HOUR, weekly: 7 * 24 * HOUR };
export const WATCH_INTERVALS = Object.keys(INTERVAL_MS) as WatchInterval[];
export const DEFAULT_INTERVAL: WatchInterval = 'daily';

/**
 * The limits that keep watching polite and unremarkable: a few checks at once, never two requests
 * to one site within a few seconds, and every time spread a little, so that a hundred pages
 * watched from one site are not asked for in one burst at the same minute each day.
 */
export const WATCH_LIMITS = {
  /** Checks under way at once. */
  concurrency: 3,
  /** Between two requests to the same host. */
  hostSpacingMs: 5_000,
  /** Each delay is moved by up to this share of it, either way. */
  jitter: 0.1,
  /** The first retry after a failure; each failure in a row doubles it, up to the page's interval. */
  retryMs: 10 * 60 * 1000,
  /** A page seen removed is checked again this soon, to confirm it before it is reported. */
  confirmMs: 10 * 60 * 1000,
  /** Checks in a row that did not reach a page before it is said it may be blocked (if other sites answer). */
  unreachableStreak: 3,
};

/** Outcomes that did not reach the article: retried sooner, backing off. */
export function isFailure(outcome: CheckOutcome): boolean {
  return outcome === 'unreachable' || outcome === 'refused';
}

function jittered(delay: number, random: () => number): number {
  return Math.round(delay * (1 + WATCH_LIMITS.jitter * (2 * random() - 1)));
}

/** The first check of a page just watched: one interval on, like every other (it was just saved). */
export function firstCheckAt(interval: WatchInterval, now: number, random: () => number = Math.random): number {
  return now + jittered(INTERVAL_MS[interval], random);
}

/**
 * When to check a page again after a check: at its interval; sooner to confirm a removal; after a
 * failure, ten minutes, then twenty, forty… but never later than its interval.
 */
export function nextCheckAt(watch: Pick<WatchRecord, 'interval'>, after: { outcome: CheckOutcome; confirming: boolean; failures: number }, now: number, random: () => number = Math.random): number {
  const interval = INTERVAL_MS[watch.interval];
  if (after.confirming) return now + jittered(Math.min(WATCH_LIMITS.confirmMs, interval), random);
  if (isFailure(after.outcome)) return now + jittered(Math.min(interval, WATCH_LIMITS.retryMs * 2 ** Math.max(0, after.failures - 1)), random);
  return now + jittered(interval, random);
}

/**
 * Run checks a few at a time, never two requests to one host closer than `hostSpacingMs`: each
 * runner takes the next page whose host is free, waits out its host's spacing if none is, and
 * stops when asked. Answers how many it ran.
 */
export async function runPolitely<T extends { host: string }>(
  work: T[],
  run: (item: T) => Promise<unknown>,
  { now = Date.now, sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)), stopped = () => false }: { now?: () => number; sleep?: (ms: number) => Promise<void>; stopped?: () => boolean } = {},
): Promise<number> {
  const waiting = [...work];
  const lastAsked = new Map<string, number>();
  const busy = new Set<string>();
  let ran = 0;
  const runner = async () => {
    while (waiting.length && !stopped()) {
      const ready = (item: T) => !busy.has(item.host) && now() - (lastAsked.get(item.host) ?? -Infinity) >= WATCH_LIMITS.hostSpacingMs;
      const index = waiting.findIndex(ready);
      if (index < 0) {
        // Every page left is on a host asked just now (or being asked): wait for the soonest.
        const soonest = Math.min(...waiting.map((item) => (busy.has(item.host) ? 200 : (lastAsked.get(item.host) ?? 0) + WATCH_LIMITS.hostSpacingMs - now())));
        await sleep(Math.max(50, soonest));
        continue;
      }
      const [item] = waiting.splice(index, 1);
      busy.add(item!.host);
      lastAsked.set(item!.host, now());
      try {
        await run(item!);
        ran += 1;
      } finally {
        busy.delete(item!.host);
        lastAsked.set(item!.host, now());
      }
    }
  };
  await Promise.all(Array.from({ length: WATCH_LIMITS.concurrency }, runner));
  return ran;
}
