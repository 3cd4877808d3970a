import type { CaptureOutcome } from '../capture/types';
import { snapshotHash } from '../integrity/snapshot-hash';
import type { LibraryDatabase } from '../store/db';
import { pageByUrl } from '../store/queries';
import { saveCapture } from '../store/save-capture';
import { FAILURE_MESSAGES, failureFromScriptingError, failureFromStorageError, refusalForUrl, type FailureCode } from './failures';
import type { SaveResult, TabState } from './tab-state';

export interface TabTarget {
  id?: number;
  url?: string;
}

/** The browser-facing parts, given by the background, so this logic runs in Node tests too. */
export interface SaveDeps {
  db: LibraryDatabase;
  /** Runs the capture content script in the tab and returns its result. */
  captureTab: (tabId: number) => Promise<CaptureOutcome | undefined>;
  now: () => number;
}

type Captured = { ok: true; outcome: Extract<CaptureOutcome, { ok: true }> } | { ok: false; failure: FailureCode };

async function captureOf(deps: SaveDeps, tab: TabTarget | undefined): Promise<Captured> {
  if (tab?.id === undefined) return { ok: false, failure: 'no-tab' };
  const refusal = refusalForUrl(tab.url);
  if (refusal) return { ok: false, failure: refusal };
  let outcome: CaptureOutcome | undefined;
  try {
    outcome = await deps.captureTab(tab.id);
  } catch (error) {
    return { ok: false, failure: failureFromScriptingError(error) };
  }
  // No result means the document went away while the script ran.
  if (!outcome) return { ok: false, failure: 'tab-gone' };
  if (!outcome.ok) {
    if (outcome.detail) console.error('Samizdat: capture failed in the page:', outcome.detail);
    return { ok: false, failure: outcome.reason };
  }
  return { ok: true, outcome };
}

const failed = (failure: FailureCode) => ({ ok: false as const, failure, message: FAILURE_MESSAGES[failure] });

/** Capture the tab's article and store it. Every failure comes back as a code and a sentence. */
export async function saveTab(deps: SaveDeps, tab: TabTarget | undefined): Promise<SaveResult> {
  const captured = await captureOf(deps, tab);
  if (!captured.ok) return failed(captured.failure);
  try {
    return { ok: true, outcome: await saveCapture(deps.db, captured.outcome.capture, deps.now()) };
  } catch (error) {
    console.error('Samizdat: saving failed', error);
    return failed(failureFromStorageError(error));
  }
}

/** Whether the tab's article was saved, and whether the live page now differs from the newest copy. */
export async function inspectTab(deps: SaveDeps, tab: TabTarget | undefined): Promise<TabState> {
  const captured = await captureOf(deps, tab);
  if (!captured.ok) return { kind: 'unavailable', ...failed(captured.failure) };
  const { capture } = captured.outcome;
  const page = await pageByUrl(deps.db, capture.canonicalUrl);
  if (!page) return { kind: 'never-saved', title: capture.title, url: capture.canonicalUrl };
  const liveDiffers = (await snapshotHash(capture)) !== page.latestSnapshotId;
  return { kind: 'saved', title: capture.title, url: capture.canonicalUrl, page, liveDiffers };
}
