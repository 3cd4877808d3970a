import type { ImageRef, MissingReason } from '../store/records';
import { IMAGE_LIMITS } from './fetch-images';

const MB = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

export const MISSING_REASONS: Record<MissingReason, string> = {
  'no-permission': 'on another site that Samizdat was not allowed to fetch from',
  unreachable: 'could not be downloaded',
  'not-an-image': 'the address did not give an image',
  'too-large': `larger than ${MB(IMAGE_LIMITS.maxImageBytes)}`,
  'article-too-large': `the article’s images together passed ${MB(IMAGE_LIMITS.maxArticleBytes)}`,
  'too-many': `more than ${IMAGE_LIMITS.maxImages} images in the article`,
  timeout: `took longer than ${IMAGE_LIMITS.timeoutMs / 1000} seconds`,
};

export interface ImageCount {
  kept: number;
  total: number;
}

export function countImages(images: ImageRef[]): ImageCount {
  return { kept: images.filter((ref) => 'hash' in ref).length, total: images.length };
}

/** "1 of 2 images kept" in words a user reads after a save. */
export function describeImages(images: ImageRef[]): string {
  const { kept, total } = countImages(images);
  if (total === 0) return 'no images';
  if (kept === total) return total === 1 ? 'its image' : `all ${total} images`;
  return `${kept} of ${total} images`;
}
