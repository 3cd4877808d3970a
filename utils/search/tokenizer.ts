import { wordSegments } from '../text/word-segments';
import { fold } from './fold';

/**
 * The one tokenizer, used when a copy is saved and when the library is searched, so that both
 * sides always agree. Words come from Intl.Segmenter (Chinese and Japanese included). Because
 * dictionary segmentation of Chinese and Japanese is uneven, every run of Han, Hiragana, Katakana
 * or Hangul also yields its two-character pieces, so a two-character word is found whichever way
 * the segmenter cut the sentence.
 */

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;
/** Two-character pieces of CJK runs: "抗议活动" gives 抗议, 议活, 活动. */
export function cjkBigrams(word: string): string[] {
  const grams: string[] = [];
  for (const run of word.match(CJK_RUN) ?? []) {
    const chars = Array.from(run);
    for (let i = 0; i + 1 < chars.length; i++) grams.push(chars[i]! + chars[i + 1]!);
  }
  return grams;
}

/** Every word of a text, folded, in order (repeats kept). */
export function words(text: string, lang?: string | null): string[] {
  const out: string[] = [];
  // An article repeats its words: each is folded once (folding was a third of cutting the terms).
  const folded = new Map<string, string>();
  for (const segment of wordSegments(text, lang)) {
    let word = folded.get(segment);
    if (word === undefined) folded.set(segment, (word = fold(segment)));
    if (word) out.push(word);
  }
  return out;
}

/**
 * The terms a text is found by: its words, except that Chinese, Japanese and Korean are indexed as
 * the two-character pieces of each run of their script, across whatever cuts the segmenter made.
 */
export function termsOf(text: string, lang?: string | null): string[] {
  const terms = words(text, lang).filter((word) => !CJK.test(word));
  // Folding never makes a CJK character of another, so text without one is not folded whole.
  if (CJK.test(text)) for (const run of fold(text).match(CJK_RUN) ?? []) terms.push(...cjkBigrams(run));
  return terms;
}

export interface QueryTerm {
  /** All of these must be present. */
  all: string[];
  /** The last word typed matches as a prefix. */
  prefix: boolean;
}

/**
 * What a query asks for: each word it contains (CJK words as their two-character pieces, single
 * CJK characters as prefixes), all of them required, the last one typed as a prefix.
 */
export function parseQuery(query: string): QueryTerm[] {
  const endsInWord = /[\p{L}\p{N}\p{M}]$/u.test(query);
  const latinLike = words(query).filter((word) => !CJK.test(word));
  const cjkRuns = fold(query).match(CJK_RUN) ?? [];
  const endsInCjk = CJK.test(Array.from(query).at(-1) ?? '');
  const terms: QueryTerm[] = latinLike.map((word, i) => ({ all: [word], prefix: endsInWord && !endsInCjk && i === latinLike.length - 1 }));
  for (const run of cjkRuns) {
    // One character is found as the start of a two-character piece; longer runs by all their pieces.
    terms.push(Array.from(run).length === 1 ? { all: [run], prefix: true } : { all: cjkBigrams(run), prefix: false });
  }
  return terms;
}
