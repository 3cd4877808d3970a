import type { PageRecord } from '../store/records';
import type { FailureCode } from './failures';
import type { SaveOutcome } from '../store/save-capture';

/** What the popup shows about the current tab before any save. */
export type TabState =
  | { kind: 'unavailable'; failure: FailureCode; message: string }
  | ({ kind: 'never-saved' } & ArticleState)
  | ({ kind: 'saved'; page: PageRecord; liveDiffers: boolean } & ArticleState);

/**
 * The popup's first answer, from the page's address alone (lookUpTab), shown until the TabState
 * comes: whether a copy is filed under this address. Whether the live page differs, and whether
 * it is an article at all, wait for the full reading.
 */
export type KnownPage = { kind: 'saved'; page: PageRecord } | { kind: 'never-saved' };

interface ArticleState {
  title: string;
  url: string;
  /** Sites ("https://cdn.example.com") whose images need the user's permission to be kept. */
  imageOrigins: string[];
  /** Words of the article found, and words the page shows: far fewer found means a whole-page copy may be wanted. */
  articleWords: number;
  pageWords: number;
  /** Words of the article body the page states for itself (JSON-LD, microdata); null where it states none. */
  statedWords: number | null;
}

/** The article is "thin" when it holds under a quarter of a long page's words: offer the whole page. */
export function articleLooksThin(state: { articleWords: number; pageWords: number }): boolean {
  return state.pageWords > 500 && state.articleWords < state.pageWords / 4;
}

/**
 * The copy holds far less than the page says its article has (under four fifths of it), after the
 * capture has put back every stated paragraph it could find on the page: the rest is usually not
 * shown (a paywall's teaser), and the user should know before relying on the copy.
 */
export function articleShorterThanStated(state: { articleWords: number; statedWords: number | null }): boolean {
  return state.statedWords !== null && state.statedWords >= 50 && state.articleWords < state.statedWords * 0.8;
}

export type SaveResult =
  | { ok: true; outcome: SaveOutcome }
  | { ok: false; failure: FailureCode; message: string };

/** A save while the protected library is locked: kept sealed, in the library at the next unlock (utils/store/locked-saves.ts). */
export type LockedSaveResult = { ok: 'locked'; message: string } | Extract<SaveResult, { ok: false }>;
