import { decodeFetchedPage } from '../capture/charset';
import type { CaptureKind, CaptureOutcome } from '../capture/types';
import type { LibraryDatabase } from '../store/db';
import { hasPendingImages, type CheckRecord, type WatchRecord } from '../store/records';
import { captureTables, prepareCapture, storeCapture } from '../store/save-capture';
import type { Fetch } from '../save/fetch-images';
import { plannedImages } from '../save/save-tab';
import { classifyCheck, type Fetched, type Reading, type Verdict } from './classify';
import { isFailure, nextCheckAt, WATCH_LIMITS } from './schedule';

/** The browser-facing parts of a check, given by the background, so that it runs in Node tests too. */
export interface CheckDeps {
  db: LibraryDatabase;
  now: () => number;
  fetch: Fetch;
  /** Whether the user has let Samizdat request this address (the host permission of its site). */
  mayRequest: (url: string) => Promise<boolean>;
  /** The host permissions granted: a new version's images are planned as a save plans them. */
  grantedOrigins: () => Promise<string[]>;
  /** Fetched HTML read with the capture's own code, where there is a DOM (read-fetched-page.ts). */
  readPage: (html: string, url: string, kind: CaptureKind) => Promise<CaptureOutcome>;
  /** A new version was kept with images still to download: the background downloads them, as for a save. */
  imagesPending?: (snapshotId: string) => void;
  random?: () => number;
  /** How long a check waits for its answer (CHECK_TIMEOUT_MS). */
  timeoutMs?: number;
}

/** One check waits this long for an answer, whole body included, before it says "unreachable". */
export const CHECK_TIMEOUT_MS = 30_000;
/** Of a larger page, only this much is read: enough for any article, and for every signature. */
export const MAX_PAGE_BYTES = 10 * 1024 * 1024;

async function readCapped(response: Response): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(await response.arrayBuffer()).subarray(0, MAX_PAGE_BYTES);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  while (total < MAX_PAGE_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.byteLength;
  }
  await reader.cancel().catch(() => undefined);
  const bytes = new Uint8Array(Math.min(total, MAX_PAGE_BYTES));
  let at = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, bytes.length - at);
    bytes.set(part, at);
    at += part.byteLength;
  }
  return bytes;
}

/**
 * One GET of the article's own address from the user's connection: no cookies, no referrer, no
 * cache, redirects followed (an extension's fetch is not shown a redirect's hops, only where they
 * ended). Never throws: a failure is "network" or "timeout", which is all the browser tells.
 */
export async function fetchPage(fetchImpl: Fetch, url: string, timeoutMs = CHECK_TIMEOUT_MS): Promise<Fetched & { html?: string }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetchImpl(url, { credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer', redirect: 'follow', signal: controller.signal });
    const bytes = await readCapped(response);
    const contentType = response.headers.get('content-type') ?? '';
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => (headers[name.toLowerCase()] = value));
    const html = decodeFetchedPage(bytes, contentType).html;
    return { ok: true, contentType, html, page: { status: response.status, finalUrl: response.url || url, redirected: response.redirected, headers, body: html } };
  } catch {
    return { ok: false, error: controller.signal.aborted ? 'timeout' : 'network' };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Whether a check brought news: what the toolbar badge counts, the censorship log lists and a
 * notification says. Each piece of news once: an edit, each time the words change; a removal, when
 * the second check confirms it; a block or a move, when it begins (not again at every check while
 * it lasts); a page unreachable, at the third failure in a row while other sites answered.
 */
export function isNews(record: Pick<CheckRecord, 'outcome' | 'confirmed' | 'streak' | 'othersAnswered'>, before?: Pick<WatchRecord, 'lastOutcome' | 'confirming'>): boolean {
  switch (record.outcome) {
    case 'edited':
      return true;
    case 'blocked':
    case 'moved':
      return before?.lastOutcome !== record.outcome;
    case 'removed':
      return record.confirmed === true && (before === undefined || before.confirming === 'removed');
    case 'unreachable':
      return record.streak === WATCH_LIMITS.unreachableStreak && record.othersAnswered === true;
    default:
      return false;
  }
}

/**
 * Check one watched page, keep a new version if its article was edited, and record the check with
 * the page's next time, in one transaction: a background stopped part-way has either recorded a
 * check and moved the page's time on, or done neither, so nothing is lost and nothing repeated.
 * Answers the record, or null for a page no longer watched or no longer saved.
 */
export async function checkPage(deps: CheckDeps, pageUrl: string): Promise<CheckRecord | null> {
  const { db } = deps;
  const [watch, page] = await Promise.all([db.watches.get(pageUrl), db.pages.get(pageUrl)]);
  if (!watch) return null;
  if (!page) {
    await db.watches.delete(pageUrl);
    return null;
  }
  const [snapshot, body] = await Promise.all([db.snapshots.get(page.latestSnapshotId), db.bodies.get(page.latestSnapshotId)]);
  if (!snapshot) return null;
  const url = snapshot.sourceUrl;
  const started = deps.now();

  let verdict: Verdict;
  let fetched: Awaited<ReturnType<typeof fetchPage>> | null = null;
  if (!(await deps.mayRequest(url).catch(() => false))) {
    // Asked for nothing: the user has not let Samizdat reach this site.
    verdict = { outcome: 'needs-permission', reason: 'no-permission' };
  } else {
    fetched = await fetchPage(deps.fetch, url, deps.timeoutMs);
    let reading: Reading | undefined;
    if (fetched.ok && fetched.page.status >= 200 && fetched.page.status < 300 && (!fetched.contentType || /html/i.test(fetched.contentType))) {
      const outcome = await deps.readPage(fetched.html!, fetched.page.finalUrl, snapshot.kind).catch((error): CaptureOutcome => ({ ok: false, reason: 'capture-failed', detail: String(error) }));
      reading = outcome.ok ? { ok: true, capture: outcome.capture } : { ok: false, reason: outcome.reason };
    }
    verdict = classifyCheck({ canonicalUrl: snapshot.sourceUrl, title: snapshot.title, byline: snapshot.byline, text: body?.text ?? '', wordCount: snapshot.wordCount }, fetched, reading);
  }

  // A new version is prepared (hashed, signed, its images planned) before the transaction, then
  // kept in the one that records the check: a background stopped between the two would otherwise
  // keep the version without the check, and the next check would find it "unchanged", the edit
  // never reported.
  const prepared = verdict.outcome === 'edited' && verdict.capture ? await prepareCapture(db, verdict.capture, started, await plannedImages(deps, verdict.capture)) : undefined;
  const [entry, kept] = await db.transaction('rw', [...captureTables(db), db.watches, db.checks], async () => {
    // Kept as a save keeps it (a new version, or a return to an earlier one), marked as found by a check.
    const kept = prepared ? await storeCapture(db, prepared, { via: 'check' }) : undefined;
    const snapshotId = kept?.snapshotId ?? (verdict.outcome === 'unchanged' ? snapshot.id : undefined);
    return [await record(deps, watch, url, verdict, fetched, snapshotId), kept] as const;
  });
  if (kept && hasPendingImages(kept.images)) deps.imagesPending?.(kept.snapshotId);
  return entry;
}

async function record(deps: CheckDeps, watched: WatchRecord, url: string, verdict: Verdict, fetched: Awaited<ReturnType<typeof fetchPage>> | null, snapshotId: string | undefined): Promise<CheckRecord> {
  const { db } = deps;
  const now = deps.now();
  // Joins the caller's transaction when it has one over these tables (checkPage's).
  return db.transaction('rw', [db.watches, db.checks], async () => {
    // Read again inside the transaction: the user may have changed the page's interval meanwhile.
    const watch = (await db.watches.get(watched.pageUrl)) ?? watched;
    const failures = isFailure(verdict.outcome) ? watch.failures + 1 : 0;
    // A removal is reported only when the next check agrees; the first sighting asks for that check soon.
    const confirmsRemoval = verdict.outcome === 'removed' && watch.lastOutcome === 'removed';
    const confirming = verdict.outcome === 'removed' && !confirmsRemoval;
    const entry: CheckRecord = {
      pageUrl: watch.pageUrl,
      at: now,
      url,
      outcome: verdict.outcome,
      reason: verdict.reason,
      ...(fetched?.ok ? { status: fetched.page.status, ...(fetched.page.finalUrl !== url ? { finalUrl: fetched.page.finalUrl } : {}) } : {}),
      ...(verdict.signature ? { signature: verdict.signature } : {}),
      ...(snapshotId ? { snapshotId } : {}),
      ...(verdict.movedTo ? { movedTo: verdict.movedTo } : {}),
      ...(verdict.outcome === 'removed' ? { confirmed: confirmsRemoval } : {}),
      ...(verdict.outcome === 'unreachable' ? { streak: failures } : {}),
    };
    if (verdict.outcome === 'unreachable' && failures >= WATCH_LIMITS.unreachableStreak) entry.othersAnswered = await othersAnswered(db, url, now);
    if (isNews(entry, watch)) Object.assign(entry, { news: 1, unseen: 1 });
    entry.id = await db.checks.add(entry);
    const { confirming: _was, ...rest } = watch;
    await db.watches.put({
      ...rest,
      lastCheckedAt: now,
      lastOutcome: verdict.outcome,
      failures,
      nextCheckAt: nextCheckAt(watch, { outcome: verdict.outcome, confirming, failures }, now, deps.random),
      ...(confirming ? { confirming: 'removed' as const } : {}),
      ...(entry.unseen ? { lastNews: { outcome: entry.outcome, at: now } } : {}),
    });
    return entry;
  });
}

const DAY = 24 * 60 * 60 * 1000;

/** Whether a check of a page on another site reached it in the day before: the connection works. */
async function othersAnswered(db: LibraryDatabase, url: string, now: number): Promise<boolean> {
  const host = new URL(url).hostname;
  const answered = await db.checks
    .where('at')
    .above(now - DAY)
    .filter((check) => check.outcome !== 'unreachable' && check.outcome !== 'needs-permission' && new URL(check.url).hostname !== host)
    .first();
  return answered !== undefined;
}
