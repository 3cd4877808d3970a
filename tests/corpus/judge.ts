import { Readability } from '@mozilla/readability';
import { capturePage } from '../../utils/capture/capture-page';
import { windowFor } from '../helpers/dom';
import type { CorpusPage, Expected } from './corpus-sets';
import { overlap } from './shingles';

/**
 * What each extractor gives for a page, and how a result is judged against a set's expectations.
 * The judgements are a person's, written once for every set: titles compared after white space and
 * typographic quotes, names whatever their order and case, dates as instants (or days, where the
 * set or the page gives only a day), images by address.
 */

export interface Extracted {
  text: string;
  title: string | null;
  authors: string[];
  published: string | null;
  leadImage: string | null;
}

/** Readability 0.6.0 alone, with the options Mozilla's reference output was made with. */
export function bareReadability(doc: Document): Extracted {
  const article = new Readability(doc.cloneNode(true) as Document, { classesToPreserve: ['caption'] }).parse();
  return {
    text: article?.textContent ?? '',
    title: article?.title ?? null,
    authors: article?.byline ? [article.byline] : [],
    published: article?.publishedTime ?? null,
    // Readability does not name a lead image.
    leadImage: null,
  };
}

/** Samizdat's capture, as a user who saves the page gets it (insisting, if it is not an article). */
export function samizdatCapture(doc: Document, win: Window): Extracted {
  const first = capturePage(doc, win);
  const outcome = first.ok ? first : capturePage(doc, win, { keepNonArticle: true });
  if (!outcome.ok) return { text: '', title: null, authors: [], published: null, leadImage: null };
  const c = outcome.capture;
  return {
    text: c.text,
    title: c.title,
    authors: c.authors.length ? c.authors : c.byline ? [c.byline] : [],
    published: c.publishedTime,
    leadImage: c.leadImage,
  };
}

export function extractBoth(page: CorpusPage): { readability: Extracted; samizdat: Extracted } {
  const win = windowFor(page.html, page.url);
  const samizdat = samizdatCapture(win.document, win);
  const readability = bareReadability(win.document);
  (win as Window & { close(): void }).close();
  return { readability, samizdat };
}

const normal = (value: string) =>
  value
    .normalize('NFKC')
    .replace(/[‘’‚‛′`´]/g, "'")
    .replace(/[“”„‟″«»]/g, '"')
    .replace(/[‐‑‒–—―]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

export const sameTitle = (ours: string | null, expected: string) => !!ours && normal(ours) === normal(expected);

/** "By A, B and C" → [a, b, c]: the names a byline or an author list holds, in lower case. */
export function namesIn(values: string[]): string[] {
  return values
    .flatMap((value) => normal(value).replace(/^(?:by|von|por|par|di|door|от|автор[ыи]?:?)\s+/u, '').split(/\s*(?:[,;|/&·•]|\band\b|\bund\b|\by\b|\bet\b|\bи\b|\bو\b|、|，)\s*/u))
    .map((name) => name.replace(/^(?:by)\s+/, '').replace(/[.'"()[\]]/g, '').replace(/\s+/g, ' ').trim())
    .filter((name) => name.length > 1);
}

export function sameAuthors(ours: string[], expected: string[], includesOthers = false): boolean {
  const mine = namesIn(ours);
  const theirs = namesIn(expected);
  if (mine.length === 0) return false;
  const listed = (name: string, among: string[]) => among.some((other) => other === name || other.includes(name) || name.includes(other));
  if (includesOthers) return mine.every((name) => listed(name, theirs));
  return mine.every((name) => listed(name, theirs)) && theirs.every((name) => listed(name, mine));
}

const hasOffset = (value: string) => /(?:Z|[+-]\d\d:?\d\d)$/i.test(value.trim());
const dayOf = (value: string) => /^(\d{4}-\d\d-\d\d)/.exec(value.trim())?.[1] ?? null;

/**
 * Dates: the same instant (to the minute) when both give a time with its offset; the same day when
 * either gives only a day or a time without an offset (which no reader can place in time).
 */
export function sameDate(ours: string | null, expected: { value: string; dateOnly: boolean }): boolean {
  if (!ours) return false;
  if (expected.dateOnly || !hasOffset(ours) || !hasOffset(expected.value)) {
    const day = dayOf(expected.value);
    const mine = dayOf(ours);
    const utcDay = hasOffset(ours) && !Number.isNaN(Date.parse(ours)) ? new Date(ours).toISOString().slice(0, 10) : null;
    return !!day && (mine === day || utcDay === day);
  }
  const a = Date.parse(ours);
  const b = Date.parse(expected.value);
  return !Number.isNaN(a) && !Number.isNaN(b) && Math.abs(a - b) < 60_000;
}

const address = (url: string) => url.trim().replace(/&amp;/g, '&').replace(/^https?:/i, '');
export const sameImage = (ours: string | null, expected: string) => !!ours && address(ours) === address(expected);

/** One page's scores; a field the set does not expect is undefined and not counted. */
export interface Scores {
  precision?: number;
  recall?: number;
  f1?: number;
  /** Share of the opening words' shingles the text holds (Postlight). */
  opening?: number;
  title?: boolean;
  authors?: boolean;
  published?: boolean;
  leadImage?: boolean;
  /** 4-word shingles of the expected text, to tell how much a change in recall weighs. */
  expectedShingles?: number;
}

/** Letters and digits only: Japanese and Chinese have no spaces to split words on. */
const squeezed = (text: string) => text.normalize('NFKC').replace(/[^\p{L}\p{N}]+/gu, '').toLowerCase();

/**
 * Whether the text holds the article's opening words: all of them, in order, once white space
 * and punctuation are set aside (1); otherwise the share of the opening's shingles it holds.
 */
function openingKept(text: string, opening: string): number {
  const words = squeezed(opening);
  if (words && squeezed(text).includes(words)) return 1;
  return overlap(text, opening).recall;
}

export function score(got: Extracted, expected: Expected): Scores {
  const scores: Scores = {};
  if (expected.text !== undefined) {
    const { precision, recall, referenceShingles } = overlap(got.text, expected.text);
    scores.precision = precision;
    scores.recall = recall;
    scores.f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    scores.expectedShingles = referenceShingles;
  }
  if (expected.opening) scores.opening = openingKept(got.text, expected.opening);
  if (expected.title) scores.title = sameTitle(got.title, expected.title);
  if (expected.authors) scores.authors = sameAuthors(got.authors, expected.authors, expected.authorsIncludeOthers);
  if (expected.published) scores.published = sameDate(got.published, expected.published);
  if (expected.leadImage) scores.leadImage = sameImage(got.leadImage, expected.leadImage);
  return scores;
}
