/**
 * What the content script hands to the background: plain, structured-cloneable data only.
 * Everything in `html` has already been through the one sanitizer (utils/safety/sanitize.ts).
 */
/** What a copy holds: the article Readability found, the whole page simplified, or the user's selection. */
export type CaptureKind = 'article' | 'page' | 'selection';

export interface Capture {
  kind: CaptureKind;
  /** Empty when the page has none; shown as its address (utils/format.ts displayTitle). */
    /** The page's own address for itself (canonical link, og:url) or the loaded URL cleaned of trackers. */
  canonicalUrl: string;
  /** The URL of the tab exactly as it was loaded. */
  loadedUrl: string;
  /** Empty when the page has none; shown as its address instead (utils/format.ts displayTitle). */
  title: string;
  byline: string | null;
  /** Every author the page names (JSON-LD, meta author, rel=author), in its order. */
  authors: string[];
  publisher: string | null;
  section: string | null;
  /** The image the page declares as its lead (og:image, JSON-LD image), absolute. */
  leadImage: string | null;
  siteName: string | null;
  lang: string | null;
  dir: 'ltr' | 'rtl' | null;
  excerpt: string | null;
  /** ISO 8601 as the page gave it (offset kept). */
  publishedTime: string | null;
  modifiedTime: string | null;
  /** Sanitized article HTML; images keep their original address in data-samizdat-src, never in src. */
  html: string;
  /** Plain text of the article, paragraphs separated by blank lines. */
  text: string;
  /** The http(s) addresses of the article's images, once each, in reading order (data: images stay inline in `html`). */
  images: string[];
  wordCount: number;
  /** Words the page shows a reader, to tell when the article kept far less than the page has. */
  pageWordCount: number;
  /**
   * Words of the article body the page states for itself (JSON-LD articleBody, microdata), null
   * where it states none: to tell the user when the copy holds far less than the page says it has.
   */
  statedWordCount: number | null;
}

/** Why a page could not be captured; each code has one user-facing sentence in utils/save/failures.ts. */
export type CaptureRefusal =
  | 'not-an-article'
  | 'pdf'
  | 'not-html'
  | 'no-selection'
  | 'capture-failed';

export type CaptureOutcome =
  | { ok: true; capture: Capture }
  /** `detail` carries an unexpected error's message, for the console and bug reports. */
  | { ok: false; reason: CaptureRefusal; detail?: string };
