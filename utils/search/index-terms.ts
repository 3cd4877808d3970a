import type { Capture } from '../capture/types';
import { termsOf } from './tokenizer';

/** At most this much of an article's text is indexed: enough to find it, never a whole book. */
export const INDEXED_TEXT_CHARS = 50_000;
/** At most this many distinct terms per article, its title, byline and site first. */
export const MAX_TERMS = 3000;

/** What a copy's search terms are made of. */
export type TermsSource = Pick<Capture, 'title' | 'byline' | 'authors' | 'siteName' | 'publisher' | 'text' | 'lang'>;

/** The distinct terms a saved copy is found by, capped. */
export function indexTerms(capture: TermsSource): string[] {
  const heading = [capture.title, capture.byline, ...capture.authors, capture.siteName, capture.publisher].filter(Boolean).join(' \n ');
  const terms = new Set<string>(termsOf(heading, capture.lang));
  for (const term of termsOf(capture.text.slice(0, INDEXED_TEXT_CHARS), capture.lang)) {
    if (terms.size >= MAX_TERMS) break;
    terms.add(term);
  }
  return [...terms].slice(0, MAX_TERMS);
}
