import { capturePageSafely } from './capture-page';
import type { CaptureKind, CaptureOutcome } from './types';

/** Install the capture function under `name` (capture-function.ts) in the content script's world. */
export function installCapture(scope: object, doc: Document, win: Window, name: string): void {
  (scope as Record<string, unknown>)[name] = (kind: CaptureKind): CaptureOutcome => capturePageSafely(doc, win, { kind });
}
