import type { PageRecord } from '../store/records';
import type { FailureCode } from './failures';
import type { SaveOutcome } from '../store/save-capture';

/** What the popup shows about the current tab before any save. */
export type TabState =
  | { kind: 'unavailable'; failure: FailureCode; message: string }
  | ({ kind: 'never-saved' } & ArticleState)
  | ({ kind: 'saved'; page: PageRecord; liveDiffers: boolean } & ArticleState);

interface ArticleState {
  title: string;
  url: string;
  /** Sites ("https://cdn.example.com") whose images need the user's permission to be kept. */
  imageOrigins: string[];
}

export type SaveResult =
  | { ok: true; outcome: SaveOutcome }
  | { ok: false; failure: FailureCode; message: string };
