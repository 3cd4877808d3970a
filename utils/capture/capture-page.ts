import { isProbablyReaderable, Readability } from '@mozilla/readability';
import { ORIGINAL_SRC_ATTR, resanitizeHtml, sanitizeHtml } from '../safety/sanitize';
import { absolutizeUrls } from './absolute-urls';
import { removeBoilerplate } from './boilerplate';
import { articleText, countWords } from './article-text';
import { canonicalUrlOf } from './canonical-url';
import { cleanMetadata } from './clean-metadata';
import { inertCopy } from './inert';
import { resolveImages, samePicture } from './images';
import { leadFigureHtml, leadImageUrl } from './lead-image';
import { bestDate } from './dates';
import { articleJsonLd, chooseAuthors, directionOf, linkedAuthorsOf, statedDirections, languageFallback, metaContent, modifiedTimeOf, publisherOf, sectionOf, statedAuthorsOf, statedPublishedTime } from './metadata';
import { recoverStatedBlocks, statedBodyOf, statementHasMore } from './stated-body';
import { siteNamesOf, withoutSiteName } from './title';
import type { CaptureKind, CaptureOutcome } from './types';
import { documentFacts, unclobberedCopy, visibleText } from './unclobber';

/** Readability's options, the same as Mozilla's reference output was made with. */
const READABILITY_OPTIONS = { classesToPreserve: ['caption'] };

/**
 * Below this many words, a page that Readability's own heuristic calls not readerable is taken
 * for what it is (a sign-in page, a menu, an error page) and refused rather than saved as an
 * article. Short news briefs pass: they have a paragraph long enough to be readerable.
 */
export const MIN_WORDS_UNLESS_READERABLE = 100;

export interface CaptureOptions {
  /** What to keep: the article (default), the whole page simplified, or the user's selection. */
  kind?: CaptureKind;
  /** Keep whatever Readability extracts, even from a page that does not look like an article. */
  keepNonArticle?: boolean;
  /**
   * The address the page was loaded from, where the document cannot say it: a document parsed
   * from fetched HTML (a check of a watched page) carries its parser's address, not the page's.
   */
  url?: string;
}

type DomWindow = Window & typeof globalThis;

function parseBody(html: string, win: Window): HTMLElement {
  return new (win as DomWindow).DOMParser().parseFromString(`<body>${html}</body>`, 'text/html').body;
}

/** Whether sanitized HTML already shows this picture (as a kept record or inline). */
function containsPicture(html: string, url: string, win: Window): boolean {
  return Array.from(parseBody(html, win).querySelectorAll('img')).some((img) => samePicture(img.getAttribute(ORIGINAL_SRC_ATTR) ?? img.getAttribute('src') ?? '', url));
}

/** The whole body, simplified by the sanitizer: for pages where Readability finds no article. */
function wholePageHtml(doc: Document, loadedUrl: string): string | null {
  if (!doc.body) return null;
  const body = inertCopy(doc.body, doc);
  resolveImages(body);
  absolutizeUrls(body, loadedUrl);
  return body.innerHTML;
}

/** What the user selected, with its images resolved and addresses absolute; null when nothing is. */
function selectionHtml(page: Document, win: Window, loadedUrl: string): string | null {
  const selection = win.getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  const holder = inertCopy(page.createElement('div'), page);
  for (let i = 0; i < selection.rangeCount; i++) holder.appendChild(holder.ownerDocument.importNode(selection.getRangeAt(i).cloneContents(), true));
  resolveImages(holder);
  absolutizeUrls(holder, loadedUrl);
  return holder.textContent?.trim() || holder.querySelector('img') ? holder.innerHTML : null;
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
 * Capture a live document: its article (Readability), its whole body, or the user's selection,
 * always with the page's metadata. Runs in the content script (and in Node on a jsdom window);
 * never changes the page itself: all work is done on clones.
 */
export function capturePage(doc: Document, win: Window, options: CaptureOptions = {}): CaptureOutcome {
  const kind = options.kind ?? 'article';
  const facts = documentFacts(doc, win);
  const type = (facts.contentType || 'text/html').toLowerCase();
  if (type === 'application/pdf') return { ok: false, reason: 'pdf' };
  if (type !== 'text/html' && type !== 'application/xhtml+xml') return { ok: false, reason: 'not-html' };

  const loadedUrl = options.url ?? facts.url;
  // Everything is read from one copy with the page's clobbering names removed (unclobber.ts),
  // and before Readability takes that copy apart.
  const page = unclobberedCopy(doc, win);
  const jsonLd = articleJsonLd(page);
  const leadUrl = leadImageUrl(page, jsonLd, loadedUrl);
  const chosen = kind === 'selection' ? selectionHtml(page, win, loadedUrl) : kind === 'page' ? wholePageHtml(page, loadedUrl) : null;
  if (kind === 'selection' && !chosen) return { ok: false, reason: 'no-selection' };
  const leadFigure = kind === 'article' && leadUrl ? leadFigureHtml(page, leadUrl, loadedUrl) : null;
  const about = {
    canonicalUrl: canonicalUrlOf(page, loadedUrl),
    title: cleanMetadata(page.title),
    lang: cleanMetadata(page.documentElement.getAttribute('lang')) ?? cleanMetadata(languageFallback(page, jsonLd)),
    publisher: cleanMetadata(publisherOf(page, jsonLd)),
    section: cleanMetadata(sectionOf(page, jsonLd)),
    modifiedTime: cleanMetadata(modifiedTimeOf(page, jsonLd)),
    applicationName: metaContent(page, ['meta[name="application-name" i]']),
    // Read before Readability, which takes the document apart.
    statedAuthors: statedAuthorsOf(page, jsonLd),
    linkedAuthors: linkedAuthorsOf(page),
    publishedTime: statedPublishedTime(page, jsonLd),
    readerable: kind === 'article' && !options.keepNonArticle ? isProbablyReaderable(page) : true,
  };
  const stated = statedDirections(page);
  const statedBody = kind === 'article' ? statedBodyOf(page, jsonLd) : null;

  // Readability runs in every mode: its metadata (title, byline, site, dates) belongs to each copy.
  resolveImages(page);
  const article = new Readability(page, READABILITY_OPTIONS).parse();
  const content = chosen ?? article?.content;
  if (!content || (kind === 'article' && !cleanMetadata(article?.textContent))) return { ok: false, reason: 'not-an-article' };

  let html = sanitizeHtml(content, win);
  if (leadFigure && leadUrl && !containsPicture(html, leadUrl, win)) html = sanitizeHtml(leadFigure, win) + html;
  const body = parseBody(html, win);
  let changed = 0;
  if (statedBody && statementHasMore(statedBody.text, body.textContent ?? '')) {
    // Readability has already taken `page` apart: the blocks are read from a fresh copy, made only here.
    changed += recoverStatedBlocks(body, unclobberedCopy(doc, win), statedBody, (block) => {
      resolveImages(block);
      absolutizeUrls(block, loadedUrl);
      const clean = parseBody(sanitizeHtml(block.outerHTML, win), win);
      return Array.from(clean.childNodes, (node) => body.ownerDocument.importNode(node, true));
    });
  }
  if (kind === 'article') changed += removeBoilerplate(body);
  // A copy changed here is serialized once more, through the sanitizer, as every stored copy is rendered.
  if (changed) html = resanitizeHtml(body.innerHTML, win);
  const text = articleText(body);
  const images = [...new Set(Array.from(body.querySelectorAll(`img[${ORIGINAL_SRC_ATTR}]`), (img) => img.getAttribute(ORIGINAL_SRC_ATTR)!))];
  if (!text && images.length === 0) return { ok: false, reason: kind === 'selection' ? 'no-selection' : 'not-an-article' };

  const lang = cleanMetadata(article?.lang) ?? about.lang;
  const byline = cleanMetadata(article?.byline);
  const siteName = cleanMetadata(article?.siteName);
  const title = cleanMetadata(article?.title) ?? about.title ?? '';
  const wordCount = countWords(text, lang);
  if (kind === 'article' && wordCount < MIN_WORDS_UNLESS_READERABLE && !about.readerable) {
    return { ok: false, reason: 'not-an-article' };
  }
  return {
    ok: true,
    capture: {
      kind,
      canonicalUrl: about.canonicalUrl,
      loadedUrl,
      title: withoutSiteName(title, siteNamesOf([siteName, about.publisher, about.applicationName], loadedUrl)),
      byline,
      authors: chooseAuthors(about.statedAuthors, byline, about.linkedAuthors),
      publisher: about.publisher,
      section: about.section,
      leadImage: leadUrl,
      siteName,
      lang,
      dir: directionOf(article?.dir, stated, lang),
      excerpt: cleanMetadata(article?.excerpt),
      publishedTime: cleanMetadata(bestDate([article?.publishedTime, about.publishedTime])),
      modifiedTime: about.modifiedTime,
      html,
      text,
      images,
      wordCount,
      // Words of the page as a reader sees it, to tell when Readability kept far less than that.
      pageWordCount: kind === 'article' ? countWords(visibleText(doc, win), lang) : wordCount,
      statedWordCount: statedBody ? countWords(statedBody.text, lang) : null,
    },
  };
}
