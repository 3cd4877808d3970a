import type { ImageRef, MissingReason } from '../store/records';

export const MISSING_REASONS: Record<MissingReason, string> = {
  'no-permission': 'on another site that Samizdat was not allowed to fetch from',
  unreachable: 'could not be downloaded',
  'not-an-image': 'the address did not give an image',
  'too-large': 'larger than 15 MB',
  'article-too-large': 'the article’s images together passed 60 MB',
  'too-many': 'more than 100 images in the article',
  timeout: 'took longer than 20 seconds',
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
