import type { CaptureKind } from '../capture/types';

/**
 * Which page record a copy belongs to. Articles are filed by their address; whole-page copies of
 * that address have a history of their own, so that switching between the two never reads as
 * an edit of the article; each selection is a page of its own, never a version of anything.
 */
export function pageKeyOf(kind: CaptureKind, canonicalUrl: string, snapshotId: string): string {
  if (kind === 'page') return `${canonicalUrl}#samizdat-whole-page`;
  if (kind === 'selection') return `${canonicalUrl}#samizdat-selection-${snapshotId.slice(0, 16)}`;
  return canonicalUrl;
}
