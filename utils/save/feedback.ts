import type { CaptureKind } from '../capture/types';
import { displayTitle } from '../format';
import { describeImages } from './image-report';
import type { SaveResult } from './tab-state';

/** The words shown after a save, in the popup and as the toolbar button's tooltip. */
export function describeSave(result: SaveResult): string {
  if (!result.ok) return result.message;
  const { kind, version } = result.outcome;
  const title = displayTitle(result.outcome.title, result.outcome.sourceUrl);
  switch (kind) {
    case 'new-page':
      return `Saved “${title}”. ${describeKept(result.outcome)}`;
    case 'new-version': {
      const { otherSite } = result.outcome;
      const caution = otherSite
        ? ` This version was loaded from ${otherSite.now} and the one before from ${otherSite.before}: the difference may be between the two sites rather than an edit.`
        : '';
      return `Saved a new version (version ${version}) of “${title}”: the article changed since the last save. ${describeKept(result.outcome)}${caution}`;
    }
    case 'unchanged':
      return `“${title}” has not changed since it was last saved; the check was recorded and no copy was added.`;
    case 'reverted':
      return `“${title}” is back to an earlier version (version ${version}); this was recorded.`;
  }
}

const AS_KIND: Record<CaptureKind, string> = {
  article: '',
  page: ', as a simplified copy of the whole page',
  selection: ', from your selection',
};

/** What the copy holds: "Kept 187 words and its image." */
export function describeKept(outcome: Extract<SaveResult, { ok: true }>['outcome']): string {
  const words = outcome.wordCount === 1 ? '1 word' : `${outcome.wordCount} words`;
  const images = outcome.images.length ? ` and ${describeImages(outcome.images)}` : '';
  return `Kept ${words}${images}${AS_KIND[outcome.copy]}.`;
}
