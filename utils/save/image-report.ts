import { formatBytes, formatNumber, isolate, plural, t } from '../i18n';
import type { ImageRef, MissingReason } from '../store/records';
import { IMAGE_LIMITS } from './fetch-images';

/** Why an image was not kept, in words a user reads after a save and over the missing image. */
export function missingReason(reason: MissingReason): string {
  switch (reason) {
    case 'pending':
      return t('missingPending');
    case 'interrupted':
      return t('missingInterrupted');
    case 'no-permission':
      return t('missingNoPermission');
    case 'unreachable':
      return t('missingUnreachable');
    case 'not-an-image':
      return t('missingNotAnImage');
    case 'too-large':
      return t('missingTooLarge', formatBytes(IMAGE_LIMITS.maxImageBytes));
    case 'article-too-large':
      return t('missingArticleTooLarge', formatBytes(IMAGE_LIMITS.maxArticleBytes));
    case 'too-many':
      return t('missingTooMany', formatNumber(IMAGE_LIMITS.maxImages));
    case 'timeout':
      return t('missingTimeout', formatNumber(IMAGE_LIMITS.timeoutMs / 1000));
    case 'not-archived':
      return t('missingNotArchived');
  }
}

/** The tooltip over an image that was not kept: why, and where it was. */
export function imageNotKeptTitle(reason: MissingReason | undefined, original: string): string {
  return reason ? t('imageNotKeptBecause', missingReason(reason), isolate(original)) : t('imageNotKept', isolate(original));
}

export interface ImageCount {
  kept: number;
  /** Still to be downloaded. */
  pending: number;
  total: number;
}

export function countImages(images: ImageRef[]): ImageCount {
  return {
    kept: images.filter((ref) => 'hash' in ref).length,
    pending: images.filter((ref) => 'missing' in ref && ref.missing === 'pending').length,
    total: images.length,
  };
}

/** "1 of 2 images kept" in words a user reads after a save; while some download, "1 of 2 images so far". */
export function describeImages(images: ImageRef[]): string {
  const { kept, pending, total } = countImages(images);
  if (total === 0) return t('imagesNone');
  if (pending > 0) return plural('imagesSoFar', total, formatNumber(kept));
  if (kept === total) return total === 1 ? t('imagesIts') : plural('imagesAll', total);
  return plural('imagesSome', total, formatNumber(kept));
}
