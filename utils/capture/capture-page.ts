import { isProbablyReaderable, Readability } from '@mozilla/readability';
import { ORIGINAL_SRC_ATTR, sanitizeHtml } from '../safety/sanitize';
import { articleText, countWords } from './article-text';
import { canonicalUrlOf } from './canonical-url';
import { resolveImages } from './images';
import { leadFigureHtml, leadImageUrl } from './lead-image';
import { articleJsonLd, authorsOf, directionOf, languageFallback, modifiedTimeOf, publishedTimeFallback, publisherOf, sectionOf } from './metadata';
import type { CaptureOutcome } from './types';

/** Readability's options, the same as Mozilla's reference output was made with. */
const READABILITY_OPTIONS = { classesToPreserve: ['caption'] };

/**
 * Below this many words, a page that Readability's own heuristic calls not readerable is taken
 * for what it is (a sign-in page, a menu, an error page) and refused rather than saved as an
 * article. Short news briefs pass: they have a paragraph long enough to be readerable.
 */
export const MIN_WORDS_UNLESS_READERABLE = 100;

export interface CaptureOptions {
  /** Keep whatever Readability extracts, even from a page that does not look like an article. */
  keepNonArticle?: boolean;
}

/** Metadata strings: HTML white space collapsed (markup indentation is not the author's), other spaces kept. */
function clean(value: string | null | undefined): string | null {
  const trimmed = value?.replace(/[ \t\n\r\f]+/g, ' ').trim();
  return trimmed ? trimmed : null;
}

/** Whether sanitized article HTML already shows this picture (as a kept record or inline). */
function containsPicture(html: string, url: string, win: Window): boolean {
  const parsed = new (win as Window & typeof globalThis).DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  const path = (value: string) => {
    try {
      const u = new URL(value);
      return u.host + u.pathname;
    } catch {
      return value;
    }
  };
  const wanted = path(url);
  return Array.from(parsed.querySelectorAll('img')).some((img) => path(img.getAttribute(ORIGINAL_SRC_ATTR) ?? img.getAttribute('src') ?? '') === wanted);
}

/**
 * Capture, turning an unexpected failure into an answer: an exception thrown in a content script
 * reaches the background as an empty error object in Firefox, so it must not escape.
 */
export function capturePageSafely(doc: Document, win: Window, options: CaptureOptions = {}): CaptureOutcome {
  try {
    return capturePage(doc, win, options);
  } catch (error) {
    return { ok: false, reason: 'capture-failed', detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/**
 * Capture the article of a live document. Runs in the content script (and in Node tests on a
 * jsdom window); never touches the page itself: Readability works on a clone.
 */
export function capturePage(doc: Document, win: Window, options: CaptureOptions = {}): CaptureOutcome {
  const type = (doc.contentType || 'text/html').toLowerCase();
  if (type === 'application/pdf') return { ok: false, reason: 'pdf' };
  if (type !== 'text/html' && type !== 'application/xhtml+xml') return { ok: false, reason: 'not-html' };

  const loadedUrl = doc.URL;
  const jsonLd = articleJsonLd(doc);
  const clone = doc.cloneNode(true) as Document;
  resolveImages(clone);
  // Looked up in the page itself, before Readability takes its clone apart.
  const leadUrl = leadImageUrl(doc, jsonLd, loadedUrl);
  const leadFigure = leadUrl ? leadFigureHtml(doc, leadUrl, loadedUrl) : null;
  const article = new Readability(clone, READABILITY_OPTIONS).parse();
  if (!article?.content || !clean(article.textContent)) return { ok: false, reason: 'not-an-article' };

  let html = sanitizeHtml(article.content, win);
  if (leadFigure && leadUrl && !containsPicture(html, leadUrl, win)) html = sanitizeHtml(leadFigure, win) + html;
  const body = new (win as Window & typeof globalThis).DOMParser().parseFromString(`<body>${html}</body>`, 'text/html').body;
  const text = articleText(body);
  const images = [...new Set(Array.from(body.querySelectorAll(`img[${ORIGINAL_SRC_ATTR}]`), (img) => img.getAttribute(ORIGINAL_SRC_ATTR)!))];
  if (!text) return { ok: false, reason: 'not-an-article' };

  const lang = clean(article.lang) ?? clean(languageFallback(doc, jsonLd));
  const wordCount = countWords(text, lang);
  if (!options.keepNonArticle && wordCount < MIN_WORDS_UNLESS_READERABLE && !isProbablyReaderable(doc)) {
    return { ok: false, reason: 'not-an-article' };
  }
  return {
    ok: true,
    capture: {
      canonicalUrl: canonicalUrlOf(doc, loadedUrl),
      loadedUrl,
      title: clean(article.title) ?? clean(doc.title) ?? '',
      byline: clean(article.byline),
      authors: authorsOf(doc, jsonLd),
      publisher: clean(publisherOf(doc, jsonLd)),
      section: clean(sectionOf(doc, jsonLd)),
      leadImage: leadUrl,
      siteName: clean(article.siteName),
      lang,
      dir: directionOf(article.dir, doc, lang),
      excerpt: clean(article.excerpt),
      publishedTime: clean(article.publishedTime) ?? clean(publishedTimeFallback(doc, jsonLd)),
      modifiedTime: clean(modifiedTimeOf(doc, jsonLd)),
      html,
      text,
      images,
      wordCount,
    },
  };
}
