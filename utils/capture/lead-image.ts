/**
 * The article's lead image, as the page declares it (og:image, twitter:image, JSON-LD image), and
 * the figure that shows it in the page. Readability often leaves the lead figure out, because it
 * sits beside the text rather than in it; for a news photo that is lost evidence, so capture puts
 * it back at the top of the article.
 */
import { absolutizeUrls } from './absolute-urls';
import { metaContent } from './metadata';
import { imageAddresses, resolveImages, samePicture } from './images';
import { inertCopy } from './inert';

type JsonObject = Record<string, unknown>;

function imageUrlOf(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (Array.isArray(value)) {
    for (const item of value) {
      const url = imageUrlOf(item);
      if (url) return url;
    }
    return null;
  }
  if (value && typeof value === 'object') return imageUrlOf((value as JsonObject).url ?? (value as JsonObject).contentUrl);
  return null;
}

/** The declared lead image as an absolute http(s) URL, or null. */
export function leadImageUrl(doc: Document, jsonLd: { node: JsonObject } | null, baseUrl: string): string | null {
  const declared =
    metaContent(doc, ['meta[property="og:image" i]', 'meta[property="og:image:url" i]', 'meta[name="og:image" i]', 'meta[name="twitter:image" i]', 'meta[property="twitter:image" i]', 'meta[name="twitter:image:src" i]']) ??
    imageUrlOf(jsonLd?.node.image);
  if (!declared) return null;
  try {
    const url = new URL(declared.trim(), baseUrl);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * The figure (or the bare image) in the article's part of the page that shows the lead image,
 * as HTML with its images resolved and absolute addresses; null when the content does not show it.
 * Reads the page without changing it.
 */
export function leadFigureHtml(doc: Document, leadUrl: string, baseUrl: string): string | null {
  for (const img of doc.querySelectorAll('img')) {
    const matches = imageAddresses(img).some((candidate) => {
      try {
        return samePicture(new URL(candidate, baseUrl).href, leadUrl);
      } catch {
        return false;
      }
    });
    if (!matches) continue;
    // A logo in the header or a thumbnail in the footer is not the article's picture.
    if (img.closest('header:not(article header), nav, footer, aside, [role="banner"], [role="navigation"]')) continue;
    const holder = inertCopy(img.closest('figure') ?? img, doc);
    resolveImages(holder);
    absolutizeUrls(holder, baseUrl);
    return holder.outerHTML;
  }
  return null;
}
