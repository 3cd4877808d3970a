import { useEffect, useRef } from 'preact/hooks';
import { sanitizeToFragment } from '../utils/safety/sanitize';

/**
 * Stored article HTML, sanitized again on the way in and attached as nodes, never as innerHTML.
 * The page's CSP is the second wall: even a sanitizer miss can neither run nor load anything.
 */
export function ArticleBody({ html, lang, dir }: { html: string; lang: string | null; dir: 'ltr' | 'rtl' | 'auto' }) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    element.replaceChildren(sanitizeToFragment(html, window));
  }, [html]);
  return <article class="article-body" ref={container} lang={lang ?? undefined} dir={dir} />;
}
