import type { CaptureKind } from '../capture/types';
import type { Signature } from '../integrity/signature';
import type { CheckOutcome, CheckReason } from '../watch/classify';

/** The rows of the library. Lists read pages and snapshots; bodies are apart so lists stay light. */

/**
 * One per article address (canonical URL); whole-page copies and selections of that address are
 * filed apart (utils/store/page-key.ts), so that they never count as versions of the article.
 */
export interface PageRecord {
  url: string;
  /** What the newest copy holds. */
  kind: CaptureKind;
  title: string;
  siteName: string | null;
  firstSavedAt: number;
  lastSavedAt: number;
  /** Last time a save found this page, changed or not. */
  lastSeenAt: number;
  versionCount: number;
  latestSnapshotId: string;
  /** True when the newest version differs from an earlier one. */
  changed: boolean;
  /** The user's own labels and note; never part of any copy's identity. */
  tags: string[];
  note: string;
}

/** One per distinct content of a page; the id is the SHA-256 of its canonical form. */
export interface SnapshotRecord {
  id: string;
  kind: CaptureKind;
  /** The page record's key. */
  pageUrl: string;
  /** The article's address (canonical URL), shown as the source. */
  sourceUrl: string;
  loadedUrl: string;
  /** 1 for the first content saved of this page, 2 for the next distinct one... */
  version: number;
  capturedAt: number;
  lastSeenAt: number;
  title: string;
  byline: string | null;
  authors: string[];
  publisher: string | null;
  section: string | null;
  leadImage: string | null;
  siteName: string | null;
  lang: string | null;
  dir: 'ltr' | 'rtl' | null;
  excerpt: string | null;
  publishedTime: string | null;
  modifiedTime: string | null;
  wordCount: number;
  /** Every image of the article: kept (with the hash of its bytes in `assets`) or missing, and why. */
  images: ImageRef[];
  /** The hashes of the kept images, indexed, to know when deleting a copy frees an image. */
  imageHashes: string[];
  /**
   * Ed25519 over the id (the content hash) and where and when it was kept
   * (utils/integrity/signature.ts), by this library's key or, for an imported copy, by the key of
   * the library that kept it. Absent only until the library's key is first made.
   */
  signature?: Signature;
  /**
   * A copy read from a web archive someone else made (WARC or WACZ, utils/archive/wacz/): the file,
   * its record and the tool that wrote it. Such a copy is never signed by this library, which did
   * not capture it: its `capturedAt` is the record's WARC-Date, the moment that tool captured it.
   */
  importedFrom?: ImportedFrom;
}

export interface ImportedFrom {
  /** The file's name as the user chose it. */
  file: string;
  /** The record's WARC-Record-ID. */
  record: string;
  /** What wrote the archive (its warcinfo's software, or the WACZ's), when it says. */
  software?: string;
}

/**
 * Why an image of a saved copy is not kept. Each has a sentence in utils/save/image-report.ts.
 * `pending`: not downloaded yet. A copy is stored before its images (its text must not wait for
 * them, nor be lost with them), so each image it will fetch starts pending, and the copy has a row
 * in `imageQueue` until none is (utils/save/save-tab.ts, completeImages). `interrupted`: its
 * download never finished (stopped again and again, or pending in an imported archive).
 */
export type MissingReason = 'pending' | 'interrupted' | 'no-permission' | 'unreachable' | 'not-an-image' | 'too-large' | 'article-too-large' | 'too-many' | 'timeout' | 'not-archived';

export type ImageRef = { url: string; hash: string } | { url: string; missing: MissingReason };

/** Whether a copy still has images to download. */
export function hasPendingImages(images: ImageRef[]): boolean {
  return images.some((ref) => 'missing' in ref && ref.missing === 'pending');
}

/**
 * A saved copy whose images are still to be downloaded (schema version 6): written with the copy,
 * in its transaction, when any of its images is pending, and removed with the last of them. The
 * background completes every row at each start, so downloads that a stopped worker or a closed
 * browser cut short are finished later.
 */
export interface ImageQueueRow {
  snapshotId: string;
  /** When the copy was saved. */
  since: number;
  /** Completions begun for it that did not finish: after a few, its images are given up (`interrupted`). */
  attempts: number;
}

/** Image bytes, stored once however many snapshots use them. */
export interface AssetRecord {
  /** SHA-256 of the bytes. */
  hash: string;
  blob: Blob;
  type: string;
  size: number;
  /** Where the bytes were first fetched from. */
  url: string;
}

export interface SnapshotBody {
  snapshotId: string;
  html: string;
  text: string;
}

/** Every save, including those that found nothing new: the page's timeline of re-checks. */
export interface SightingRecord {
  id?: number;
  pageUrl: string;
  snapshotId: string;
  at: number;
  kind: 'new-page' | 'new-version' | 'unchanged' | 'reverted';
  /** `check`: found by a check of a watched page (utils/watch/check-page.ts), not by a save. */
  via?: 'check';
}

/** How often a watched page is checked. */
export type WatchInterval = 'hourly' | '6h' | 'daily' | 'weekly';

/**
 * A page the user asked Samizdat to watch (schema version 6): re-checked at its interval from the
 * user's own connection, each check recorded in `checks`. Nothing is ever requested for a page
 * without one of these, and nothing at all while watching is paused (`settings`).
 */
export interface WatchRecord {
  pageUrl: string;
  interval: WatchInterval;
  since: number;
  /** When the next check is due: indexed, so that the schedule reads only what is due. */
  nextCheckAt: number;
  lastCheckedAt?: number;
  lastOutcome?: CheckOutcome;
  /** Checks in a row that did not reach the page (unreachable, refused): the retry backs off with them. */
  failures: number;
  /** A `removed` seen once, waiting for the next check to confirm it before it is reported. */
  confirming?: CheckOutcome;
  /** The last news a check brought (edited, removed, blocked, moved, possibly blocked): the library's mark and filter. */
  lastNews?: { outcome: CheckOutcome; at: number };
}

/**
 * One check of a watched page, recorded as it finished: the evidence. `unseen` (indexed, and only
 * on news the user has not looked at yet) counts the toolbar badge.
 */
export interface CheckRecord {
  id?: number;
  pageUrl: string;
  at: number;
  /** The address requested: the article's own. */
  url: string;
  outcome: CheckOutcome;
  reason: CheckReason;
  /** HTTP status, when there was an answer. */
  status?: number;
  /** Where the request ended, after redirects, when that was elsewhere. */
  finalUrl?: string;
  /** For `blocked` by a signature: which, and where it has been seen (utils/watch/block-pages.ts). */
  signature?: { name: string; scope: string; countries: string[] };
  /** For `edited`: the version it kept. For `unchanged`: the version it found again. */
  snapshotId?: string;
  /** For `moved`: the article's address now. */
  movedTo?: string;
  /** For `removed` and `blocked`: whether a second check agreed (only then is it reported). */
  confirmed?: boolean;
  /** For `unreachable`: checks in a row that did not reach it. */
  streak?: number;
  /**
   * For `unreachable`, from the streak that makes it news on: whether pages on other sites answered
   * checks in the day before. Only then may it be blocked on this connection rather than be down,
   * and even then the browser cannot tell which.
   */
  othersAnswered?: boolean;
  unseen?: 1;
  /** This check brought news (utils/watch/check-page.ts, isNews): the censorship log lists it. */
  news?: 1;
  /** Shown as a system notification already (when the user asked for them). */
  notified?: 1;
}

/** The user's choices that are not about one page: watching paused, every new save watched. */
export interface SettingRecord {
  name: string;
  value: unknown;
}

/** A protected library's words that begin with `bucket` (their first two letters), sorted (utils/search/vocabulary.ts). */
/**
 * A copy saved while a protected library was locked: the capture and what was planned for its
 * images, sealed to the library's public key (utils/safety/inbox.ts), so that nothing of it is
 * readable until the library is unlocked and takes it in (utils/store/locked-saves.ts).
 */
export interface InboxRow {
  id?: number;
  sealed: Uint8Array;
  /** When it was saved: kept in the clear, as every protected row's times are. */
  savedAt: number;
}

export interface VocabularyRow {
  bucket: string;
  words: string[];
}

/**
 * What a page is found by in search: the terms of its newest copy (utils/search/index-terms.ts),
 * one row per page, keyed newest first (utils/search/search-key.ts). A row is written queued
 * (`queued: 1`, its terms in `queuedTerms`, outside the multi-entry index), which costs a save or
 * an import one plain write instead of an index entry per term; `indexQueued`
 * (utils/store/search-rows.ts) then moves the terms to `terms`, in the index, in the background.
 * Searches read both.
 */
export interface SearchRow {
  key: number;
  pageUrl: string;
  snapshotId: string;
  /** In the multi-entry index `*terms`. */
  terms?: string[];
  /** In the index `queued` while the row waits to be indexed (schema version 5). */
  queued?: 1;
  queuedTerms?: string[];
}

/** A row's terms, indexed or queued. */
export function rowTerms(row: SearchRow): string[] {
  return row.terms ?? row.queuedTerms ?? [];
}

/**
 * A page an import has read from its archive and not yet committed (utils/archive/import-archive.ts),
 * numbered in the order read. No list or search reads these tables: a page is in the library only
 * when the import's last transaction has moved it to `pages`, and removed these rows with it.
 */
export interface StagedPage {
  /** The import's own name: when it started, zero-padded, and a random part (see `newImportId`). */
  importId: string;
  seq: number;
  page: PageRecord;
  sightings: Omit<SightingRecord, 'id'>[];
  /** The page's checks, if the archive has them (docs/WATCHING.md). */
  checks?: Omit<CheckRecord, 'id' | 'unseen' | 'notified'>[];
  /**
   * Read from someone else's web archive: its copies were numbered as they were read, address by
   * address, so the last transaction numbers them again by the time each was captured.
   */
  renumber?: boolean;
}

/** A copy an import found new, its body already in `bodies` (invisible until a snapshot names it). */
export interface StagedCopy {
  importId: string;
  id: string;
  pageUrl: string;
  snapshot: SnapshotRecord;
  /** Its search terms, made while the archive was read (utils/search/worker-terms.ts). */
  terms: string[];
}

/** The library's signing key: the private half is a non-extractable CryptoKey. */
export interface KeyRecord {
  id: string;
  privateKey: CryptoKey;
  /** Raw public key, base64. */
  publicKey: string;
  createdAt: number;
}
