import { sha256Hex } from '../integrity/hash';
import type { MissingReason } from '../store/records';
import { assetBlob } from '../store/asset-blob';

/**
 * Limits on what one save fetches, so that a page full of huge images cannot fill the disk or
 * keep the reader waiting. Stated in docs/ARCHITECTURE.md.
 */
export const IMAGE_LIMITS = {
  /** One image larger than this is not kept. */
  maxImageBytes: 15 * 1024 * 1024,
  /** Images of one article together. */
  maxArticleBytes: 60 * 1024 * 1024,
  /** Images of one article, in reading order. */
  maxImages: 100,
  /** Per image. */
  timeoutMs: 20_000,
  /** Fetched at once. */
  concurrency: 4,
};

export interface FetchedImage {
  url: string;
  hash: string;
  blob: Blob;
  type: string;
  size: number;
}

export interface MissingImage {
  url: string;
  missing: MissingReason;
}

export type ImageResult = FetchedImage | MissingImage;

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** Magic numbers of the image formats a browser shows, for servers that lie about the type. */
export function sniffImageType(bytes: Uint8Array): string | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  if (starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45) return 'image/webp';
  if (bytes[4] === 0x66 && bytes[5] === 0x74 && bytes[6] === 0x79 && bytes[7] === 0x70) return 'image/avif';
  if (starts(0x42, 0x4d)) return 'image/bmp';
  if (starts(0x00, 0x00, 0x01, 0x00)) return 'image/x-icon';
  const head = new TextDecoder().decode(bytes.subarray(0, 512)).trimStart().toLowerCase();
  if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'))) return 'image/svg+xml';
  return null;
}

async function readCapped(response: Response, cap: number): Promise<Uint8Array | 'too-large'> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > cap) return 'too-large';
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > cap) {
      await reader.cancel();
      return 'too-large';
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

async function fetchOne(url: string, fetchImpl: Fetch, cap: number): Promise<ImageResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), IMAGE_LIMITS.timeoutMs);
  try {
    // No cookies and no referrer: the save must not tell the image host who is keeping what.
    const response = await fetchImpl(url, { credentials: 'omit', referrerPolicy: 'no-referrer', redirect: 'follow', signal: controller.signal });
    if (!response.ok) return { url, missing: 'unreachable' };
    const bytes = await readCapped(response, cap);
    if (bytes === 'too-large') return { url, missing: 'too-large' };
    const type = sniffImageType(bytes);
    if (!type) return { url, missing: 'not-an-image' };
    return { url, hash: await sha256Hex(bytes), blob: assetBlob(bytes, type), type, size: bytes.byteLength };
  } catch (error) {
    if (controller.signal.aborted) return { url, missing: 'timeout' };
    // A CORS or permission refusal and a network failure look alike from here; the caller knows
    // whether permission was given and words it accordingly.
    return { url, missing: 'unreachable' };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Fetch an article's images within the limits, a few at a time, in reading order. Never throws:
 * each image comes back kept or missing with its reason, and is given to `onResult` as soon as it
 * is known, so that it can be stored while the others download.
 */
export async function fetchImages(urls: string[], fetchImpl: Fetch, isAllowed: (url: string) => boolean, onResult: (result: ImageResult) => void = () => {}): Promise<ImageResult[]> {
  const results: ImageResult[] = new Array(urls.length);
  let budget = IMAGE_LIMITS.maxArticleBytes;
  let next = 0;
  const worker = async () => {
    while (next < urls.length) {
      const index = next++;
      const url = urls[index]!;
      if (index >= IMAGE_LIMITS.maxImages) results[index] = { url, missing: 'too-many' };
      else if (!isAllowed(url)) results[index] = { url, missing: 'no-permission' };
      else if (budget <= 0) results[index] = { url, missing: 'article-too-large' };
      else {
        // Reserve the most this image may take before fetching, so that the four downloads at
        // once cannot together pass the article's limit; give back what it did not use.
        const cap = Math.min(IMAGE_LIMITS.maxImageBytes, budget);
        budget -= cap;
        const result = await fetchOne(url, fetchImpl, cap);
        budget += cap - ('hash' in result ? result.size : 0);
        results[index] = 'missing' in result && result.missing === 'too-large' && cap < IMAGE_LIMITS.maxImageBytes ? { url, missing: 'article-too-large' } : result;
      }
      onResult(results[index]!);
    }
  };
  await Promise.all(Array.from({ length: IMAGE_LIMITS.concurrency }, worker));
  return results;
}
