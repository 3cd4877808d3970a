import { CAPTURE_FUNCTION } from './capture-function';
import { capturePageSafely } from './capture-page';
import type { CaptureKind, CaptureOutcome } from './types';

export function installCapture(scope: object, doc: Document, win: Window): void {
  (scope as Record<string, unknown>)[CAPTURE_FUNCTION] = (kind: CaptureKind): CaptureOutcome => capturePageSafely(doc, win, { kind });
}
