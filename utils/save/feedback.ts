import type { CaptureKind } from '../capture/types';
import { displayTitle } from '../format';
import { formatNumber, isolate, plural, t, type MessageKey } from '../i18n';
import { describeImages } from './image-report';
import type { SaveResult } from './tab-state';

/** The words shown after a save, in the popup and as the toolbar button's tooltip. */
export function describeSave(result: SaveResult): string {
  if (!result.ok) return result.message;
  const { visitForgotten } = result.outcome;
  const saved = describeSaved(result);
  return visitForgotten === undefined ? saved : `${saved} ${t(visitForgotten ? 'savedVisitForgotten' : 'savedVisitNotForgotten')}`;
}

function describeSaved(result: Extract<SaveResult, { ok: true }>): string {
  const { kind, version } = result.outcome;
  const title = isolate(displayTitle(result.outcome.title, result.outcome.sourceUrl));
  switch (kind) {
    case 'new-page':
      return t('savedNewPage', title, describeKept(result.outcome));
    case 'new-version': {
      const { otherSite } = result.outcome;
      // A version loaded from another site (a mirror) may differ for that reason alone: say so.
      return otherSite
        ? t('savedNewVersionOtherSite', formatNumber(version), title, describeKept(result.outcome), otherSite.now, otherSite.before)
        : t('savedNewVersion', formatNumber(version), title, describeKept(result.outcome));
    }
    case 'unchanged':
      return t('savedUnchanged', title);
    case 'reverted':
      return t('savedReverted', title, formatNumber(version));
  }
}

/** One whole sentence per kind of copy, with and without images: languages do not build them alike. */
const KEPT: Record<CaptureKind, [MessageKey, MessageKey]> = {
  article: ['keptArticle', 'keptArticleImages'],
  page: ['keptPage', 'keptPageImages'],
  selection: ['keptSelection', 'keptSelectionImages'],
};

/** What the copy holds: "Kept 187 words and its image." */
export function describeKept(outcome: Extract<SaveResult, { ok: true }>['outcome']): string {
  const words = plural('words', outcome.wordCount);
  const [bare, withImages] = KEPT[outcome.copy];
  return outcome.images.length ? t(withImages, words, describeImages(outcome.images)) : t(bare, words);
}
