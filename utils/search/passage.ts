import { fold } from './fold';
import type { QueryTerm } from './tokenizer';
import { textSegments } from '../text/word-segments';

export interface PassagePart {
  text: string;
  marked: boolean;
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
/** Characters of context kept around the first match. */
const AROUND = 90;

function marks(word: string, terms: QueryTerm[]): boolean {
  const folded = fold(word);
  return terms.some((term) =>
    term.all.some((t) => (CJK.test(t) ? folded.includes(t) : term.prefix ? folded.startsWith(t) : folded === t)),
  );
}

/**
 * The passage of a text where the query's words are, with those words marked: the first paragraph
 * that has one, cut to a few lines around it. Returned as parts, so that it is shown as text
 * nodes and <mark> elements, never as HTML.
 */
export function passage(text: string, terms: QueryTerm[]): PassagePart[] {
  if (terms.length === 0) return [];
  for (const paragraph of text.split(/\n+/)) {
    const parts: PassagePart[] = [];
    let first = -1;
    let at = 0;
    for (const { segment } of textSegments(paragraph)) {
      const marked = /[\p{L}\p{N}]/u.test(segment) && marks(segment, terms);
      if (marked && first < 0) first = at;
      const last = parts.at(-1);
      if (last && last.marked === marked && !marked) last.text += segment;
      else parts.push({ text: segment, marked });
      at += segment.length;
    }
    if (first < 0) continue;
    return trim(parts, first);
  }
  return [];
}

/** Keep about AROUND characters before the first mark and a few lines after, with ellipses. */
function trim(parts: PassagePart[], firstMark: number): PassagePart[] {
  const start = Math.max(0, firstMark - AROUND);
  const end = firstMark + AROUND * 3;
  const out: PassagePart[] = [];
  let at = 0;
  for (const part of parts) {
    const from = at;
    at += part.text.length;
    if (at <= start || from >= end) continue;
    const text = part.marked ? part.text : part.text.slice(Math.max(0, start - from), Math.max(0, end - from));
    if (text) out.push({ text, marked: part.marked });
  }
  if (start > 0 && out[0]) out[0] = { ...out[0], text: out[0].marked ? out[0].text : `…${out[0].text.trimStart()}` };
  const total = parts.reduce((n, p) => n + p.text.length, 0);
  if (end < total && out.length) out.push({ text: '…', marked: false });
  return out;
}
