import type { PageRecord } from '../store/records';
import type { FailureCode } from './failures';
import type { SaveOutcome } from '../store/save-capture';

/** What the popup shows about the current tab before any save. */
export type TabState =
  | { kind: 'unavailable'; failure: FailureCode; message: string }
  | { kind: 'never-saved'; title: string; url: string }
  | { kind: 'saved'; title: string; url: string; page: PageRecord; liveDiffers: boolean };

export type SaveResult =
  | { ok: true; outcome: SaveOutcome }
  | { ok: false; failure: FailureCode; message: string };
