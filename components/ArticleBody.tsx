import { useEffect, useRef } from 'preact/hooks';
import { imageNotKeptTitle } from '../utils/save/image-report';
import { labelLiveLinks } from '../utils/safety/live-links';
import { ORIGINAL_SRC_ATTR, sanitizeToFragment } from '../utils/safety/sanitize';
import type { ImageRef } from '../utils/store/records';

interface Props {
  html: string;
  lang: string | null;
  dir: 'ltr' | 'rtl' | 'auto';
  /** Kept image bytes by original address; shown through blob: URLs, never fetched. */
  images: Map<string, Blob>;
  refs: ImageRef[];
}

/**
 * Stored article HTML, sanitized again on the way in and attached as nodes, never as innerHTML.
 * The page's CSP is the second wall: even a sanitizer miss can neither run nor load anything.
 */
export function ArticleBody({ html, lang, dir, images, refs }: Props) {
  const container = useRef<HTMLElement>(null);
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    element.replaceChildren(sanitizeToFragment(html, window));
    labelLiveLinks(element);
    const missing = new Map(refs.flatMap((ref) => ('missing' in ref ? [[ref.url, ref.missing] as const] : [])));
    const urls: string[] = [];
    for (const img of element.querySelectorAll(`img[${ORIGINAL_SRC_ATTR}]`)) {
      const original = img.getAttribute(ORIGINAL_SRC_ATTR)!;
      const blob = images.get(original);
      if (blob) {
        const url = URL.createObjectURL(blob);
        urls.push(url);
        img.setAttribute('src', url);
      } else {
        img.setAttribute('title', imageNotKeptTitle(missing.get(original), original));
      }
    }
    return () => urls.forEach((url) => URL.revokeObjectURL(url));
  }, [html, images, refs]);
  return <article class="article-body" ref={container} lang={lang ?? undefined} dir={dir} />;
}
