import type { CaptureKind } from './types';

/**
 * How the background tells the capture script what to keep. A file injected with
 * scripting.executeScript takes no arguments, so the background first injects a tiny function
 * that leaves the request here, in the extension's own isolated world (page scripts cannot see
 * it), and the capture script takes it, once.
 */
export const KIND_KEY = '__samizdatCaptureKind';

export function leaveRequestedKind(scope: Record<string, unknown>, kind: CaptureKind): void {
  scope[KIND_KEY] = kind;
}

export function takeRequestedKind(scope: object): CaptureKind {
  const holder = scope as Record<string, unknown>;
  const kind = holder[KIND_KEY];
  delete holder[KIND_KEY];
  return kind === 'page' || kind === 'selection' ? kind : 'article';
}
