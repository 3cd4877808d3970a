import { canonicalFromClaims, type AddressClaims } from '../capture/canonical-url';
import type { Capture, CaptureKind, CaptureOutcome } from '../capture/types';
import { snapshotHash } from '../integrity/snapshot-hash';
import type { LibraryDatabase } from '../store/db';
import { pageByUrl } from '../store/queries';
import { saveCapture, settleImages } from '../store/save-capture';
import type { ImageRef } from '../store/records';
import { fetchImages, IMAGE_LIMITS, type Fetch, type ImageResult } from './fetch-images';
import { mayFetch, originsNeedingPermission } from './host-access';
import { failureMessage, failureFromScriptingError, failureFromStorageError, refusalForUrl, type FailureCode } from './failures';
import type { KnownPage, LockedSaveResult, SaveResult, TabState } from './tab-state';
import { t } from '../i18n';

export interface TabTarget {
  id?: number;
  url?: string;
}

/** The browser-facing parts, given by the background, so this logic runs in Node tests too. */
export interface SaveDeps {
  db: LibraryDatabase;
  /** Reads what the tab's page says its address is (canonical-url.ts, addressClaimsOfPage). */
  readAddress: (tabId: number) => Promise<AddressClaims | undefined>;
  /** Runs the capture content script in the tab and returns its result. */
  captureTab: (tabId: number, kind: CaptureKind) => Promise<CaptureOutcome | undefined>;
  now: () => number;
  /** The network, for the article's images; used only for images the extension may fetch. */
  fetch: Fetch;
  /** The host permissions the user has granted (match patterns). */
  grantedOrigins: () => Promise<string[]>;
  /**
   * Whether the tab's page has crashed (Chromium's "sad tab"): the browser then refuses to script
   * it with the words it uses for a page the extension may not read, so the save asks.
   */
  tabCrashed: (tabId: number) => Promise<boolean>;
  /** How long a page may take to be read before the save gives up (CAPTURE_TIME_LIMIT_MS). */
  captureTimeLimitMs?: number;
}

/**
 * A page can be built to make reading it slow or endless (a huge or pathological document). The
 * script cannot be stopped inside the page, but the user is not left waiting: after this long the
 * save answers that it gave up, and nothing is written.
 */
export const CAPTURE_TIME_LIMIT_MS = 60_000;

class CaptureTimeout extends Error {}

function withinLimit<T>(work: Promise<T>, limitMs: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new CaptureTimeout()), limitMs);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

/**
 * What a save will do about each image, decided before anything is stored: download it (pending),
 * or not, and why: a site the user has not allowed is never requested. An image an earlier save of
 * the same content kept stays kept (saveCapture merges it), and is not downloaded again. A check of
 * a watched page that finds a new version plans its images the same way.
 */
export async function plannedImages(deps: Pick<SaveDeps, 'grantedOrigins'>, capture: Capture): Promise<ImageResult[]> {
  if (capture.images.length === 0) return [];
  const granted = await deps.grantedOrigins().catch(() => []);
  return capture.images.map((url, index): ImageResult => {
    if (index >= IMAGE_LIMITS.maxImages) return { url, missing: 'too-many' };
    if (!mayFetch(url, capture.loadedUrl, granted)) return { url, missing: 'no-permission' };
    return { url, missing: 'pending' };
  });
}

/** Asked only once the page could not be read: a crash explains it better than any other reason. */
function crashed(deps: SaveDeps, tabId: number): Promise<boolean> {
  return deps.tabCrashed(tabId).catch(() => false);
}

type Captured = { ok: true; outcome: Extract<CaptureOutcome, { ok: true }> } | { ok: false; failure: FailureCode };

async function captureOf(deps: SaveDeps, tab: TabTarget | undefined, kind: CaptureKind = 'article'): Promise<Captured> {
  if (tab?.id === undefined) return { ok: false, failure: 'no-tab' };
  const refusal = refusalForUrl(tab.url);
  if (refusal) return { ok: false, failure: refusal };
  let outcome: CaptureOutcome | undefined;
  try {
    outcome = await withinLimit(deps.captureTab(tab.id, kind), deps.captureTimeLimitMs ?? CAPTURE_TIME_LIMIT_MS);
  } catch (error) {
    if (error instanceof CaptureTimeout) return { ok: false, failure: 'capture-timeout' };
    return { ok: false, failure: (await crashed(deps, tab.id)) ? 'page-crashed' : failureFromScriptingError(error) };
  }
  // No result means the document went away while the script ran, or its process did.
  if (!outcome) return { ok: false, failure: (await crashed(deps, tab.id)) ? 'page-crashed' : 'tab-gone' };
  if (!outcome.ok) {
    if (outcome.detail) console.error('Samizdat: capture failed in the page:', outcome.detail);
    return { ok: false, failure: outcome.reason };
  }
  return { ok: true, outcome };
}

const failed = (failure: FailureCode) => ({ ok: false as const, failure, message: failureMessage(failure) });

/**
 * Capture the tab's article and store it: its text, metadata and signature at once, its images
 * marked pending. The answer comes as soon as the copy is stored; the images follow
 * (completeImages, which the caller starts), each attached as it arrives, so that a browser closed
 * or a worker stopped during the downloads loses no text, and the reader is not kept waiting.
 * Every failure comes back as a code and a sentence.
 */
export async function saveTab(deps: SaveDeps, tab: TabTarget | undefined, kind: CaptureKind = 'article'): Promise<SaveResult> {
  const captured = await captureOf(deps, tab, kind);
  if (!captured.ok) return failed(captured.failure);
  const { capture } = captured.outcome;
  const images = await plannedImages(deps, capture);
  try {
    return { ok: true, outcome: await saveCapture(deps.db, capture, deps.now(), images) };
  } catch (error) {
    console.error('Samizdat: saving failed', error);
    return failed(failureFromStorageError(error));
  }
}

/**
 * Capture the tab's article while the protected library is locked, and hand it to `keep`, which
 * seals it for the next unlock (utils/store/locked-saves.ts): nothing of the library is read.
 * Its images are planned as a save's are, and download once it is taken in.
 */
export async function saveTabWhileLocked(
  deps: SaveDeps,
  tab: TabTarget | undefined,
  kind: CaptureKind,
  keep: (capture: Capture, images: ImageResult[], savedAt: number) => Promise<void>,
): Promise<LockedSaveResult> {
  const captured = await captureOf(deps, tab, kind);
  if (!captured.ok) return failed(captured.failure);
  const { capture } = captured.outcome;
  try {
    await keep(capture, await plannedImages(deps, capture), deps.now());
    return { ok: 'locked', message: t('savedWhileLocked') };
  } catch (error) {
    console.error('Samizdat: saving while locked failed', error);
    return failed(failureFromStorageError(error));
  }
}

/**
 * Whether a copy is filed under the tab's address: the popup's first answer, in the time it takes
 * to read three attributes and one row, while inspectTab runs the full capture. The address is
 * the one the capture would give (the same claims, the same canonicalFromClaims). No answer
 * (null) where the page cannot be read or the address was not given: the full reading says why.
 */
export async function lookUpTab(deps: SaveDeps, tab: TabTarget | undefined): Promise<KnownPage | null> {
  if (tab?.id === undefined || refusalForUrl(tab.url)) return null;
  const claims = await deps.readAddress(tab.id).catch(() => undefined);
  if (!claims || typeof claims.url !== 'string') return null;
  const page = await pageByUrl(deps.db, canonicalFromClaims(claims));
  return page ? { kind: 'saved', page } : { kind: 'never-saved' };
}

/** Whether the tab's article was saved, and whether the live page now differs from the newest copy. */
export async function inspectTab(deps: SaveDeps, tab: TabTarget | undefined): Promise<TabState> {
  const captured = await captureOf(deps, tab);
  if (!captured.ok) return { kind: 'unavailable', ...failed(captured.failure) };
  const { capture } = captured.outcome;
  const page = await pageByUrl(deps.db, capture.canonicalUrl);
  const granted = await deps.grantedOrigins().catch(() => []);
  const common = {
    title: capture.title,
    url: capture.canonicalUrl,
    imageOrigins: originsNeedingPermission(capture.images, capture.loadedUrl, granted),
    articleWords: capture.wordCount,
    pageWords: capture.pageWordCount,
    statedWords: capture.statedWordCount,
  };
  if (!page) return { kind: 'never-saved', ...common };
  const liveDiffers = (await snapshotHash(capture)) !== page.latestSnapshotId;
  return { kind: 'saved', ...common, page, liveDiffers };
}

/**
 * Starts of the background that may try a copy's downloads before they are given up: a download
 * that stops the worker (or the browser) each time would otherwise be tried for ever.
 */
export const IMAGE_ATTEMPTS = 3;

/**
 * Download what a saved copy still lacks: its pending images, and those missing for want of
 * permission that may now be fetched (the user has just allowed their sites). Each is attached as
 * it arrives (settleImages), so what is downloaded before a stop is kept, and the rest stays pending
 * for the next start. Answers the copy's images afterwards.
 */
export async function completeImages(deps: SaveDeps, snapshotId: string): Promise<ImageRef[] | undefined> {
  const snapshot = await deps.db.snapshots.get(snapshotId);
  if (!snapshot) {
    await deps.db.imageQueue.delete(snapshotId);
    return undefined;
  }
  const queued = await deps.db.imageQueue.get(snapshotId);
  const pending = snapshot.images.filter((ref) => 'missing' in ref && ref.missing === 'pending').map((ref) => ref.url);
  if (queued && queued.attempts >= IMAGE_ATTEMPTS) {
    return settleImages(deps.db, snapshotId, pending.map((url) => ({ url, missing: 'interrupted' })));
  }
  const granted = await deps.grantedOrigins().catch(() => []);
  const allowedNow = snapshot.images
    .filter((ref) => 'missing' in ref && ref.missing === 'no-permission' && mayFetch(ref.url, snapshot.loadedUrl, granted))
    .map((ref) => ref.url);
  const wanted = [...pending, ...allowedNow];
  if (wanted.length === 0) return queued ? settleImages(deps.db, snapshotId, []) : snapshot.images;
  // Counted before the downloads: a completion cut short leaves its attempt counted.
  if (queued) await deps.db.imageQueue.update(snapshotId, { attempts: queued.attempts + 1 });
  let settled: Promise<ImageRef[] | undefined> = Promise.resolve(snapshot.images);
  await fetchImages(wanted, deps.fetch, () => true, (result) => {
    settled = settled.then(() => settleImages(deps.db, snapshotId, [result]));
  });
  return settled;
}

/**
 * At each start of the background: finish the downloads of every copy still in `imageQueue` (the
 * worker or the browser stopped during them), one copy at a time. Answers how many there were.
 */
export async function completeQueuedImages(
  deps: SaveDeps,
  complete: (snapshotId: string) => Promise<unknown> = (snapshotId) => completeImages(deps, snapshotId),
): Promise<number> {
  const queued = await deps.db.imageQueue.toCollection().primaryKeys();
  for (const snapshotId of queued) await complete(snapshotId).catch((error) => console.error('Samizdat: could not complete the images of a saved copy', error));
  return queued.length;
}

/** How far back a newly granted site completes saved copies: the saves the user just made. */
export const RECENT_SAVE_MS = 30 * 60 * 1000;

/** After the user allows more sites: complete the copies saved recently that lacked their images. */
export async function completeRecentImages(
  deps: SaveDeps,
  complete: (snapshotId: string) => Promise<unknown> = (snapshotId) => completeImages(deps, snapshotId),
): Promise<number> {
  const recent = await deps.db.snapshots.where('lastSeenAt').above(deps.now() - RECENT_SAVE_MS).toArray();
  const waiting = recent.filter((snapshot) => snapshot.images.some((ref) => 'missing' in ref && ref.missing === 'no-permission'));
  for (const snapshot of waiting) await complete(snapshot.id);
  return waiting.length;
}
