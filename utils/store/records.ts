/** The rows of the library. Lists read pages and snapshots; bodies are apart so lists stay light. */

/** One per article address (canonical URL). */
export interface PageRecord {
  url: string;
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
}

/** One per distinct content of a page; the id is the SHA-256 of its canonical form. */
export interface SnapshotRecord {
  id: string;
  pageUrl: string;
  loadedUrl: string;
  /** 1 for the first content saved of this page, 2 for the next distinct one... */
  version: number;
  capturedAt: number;
  lastSeenAt: number;
  title: string;
  byline: string | null;
  siteName: string | null;
  lang: string | null;
  dir: 'ltr' | 'rtl' | null;
  excerpt: string | null;
  publishedTime: string | null;
  modifiedTime: string | null;
  wordCount: number;
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
}
