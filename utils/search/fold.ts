/**
 * Folding: what makes two spellings of a word the same word for search, and nothing more.
 * Case is folded; Latin and Greek accents are dropped (é = e); Russian ё is е, but й stays й and
 * Ukrainian ї stays ї, because they are letters of their own; Arabic and Persian yeh and kaf
 * variants are one letter, tatweel and harakat are ignored, and the zero-width non-joiner, which
 * Persian writes inside words, is ignored for matching (what is shown keeps it).
 */

const ARABIC_FOLDS: Record<string, string> = {
  '\u064A': '\u06CC', // Arabic yeh -> Persian yeh
  '\u0649': '\u06CC', // alef maksura -> Persian yeh
  '\u0643': '\u06A9', // Arabic kaf -> Persian keheh
};
const ARABIC_IGNORED = /[\u0640\u064B-\u065F\u0670\u200C\u200D]/g; // tatweel, harakat, superscript alef, ZWNJ, ZWJ
const LATIN_OR_GREEK = /[\p{Script=Latin}\p{Script=Greek}]/u;

/** Text with nothing beyond ASCII: no accents, marks or Arabic letters, so lower case is all. */
const ASCII = /^[\x00-\x7f]*$/;

export function fold(text: string): string {
  if (ASCII.test(text)) return text.toLowerCase();
  const decomposed = text.toLowerCase().normalize('NFD');
  let out = '';
  let base = '';
  for (const char of decomposed) {
    if (/\p{M}/u.test(char)) {
      // A mark stays unless it is an accent on a Latin or Greek letter, or the diaeresis of ё.
      if (LATIN_OR_GREEK.test(base)) continue;
      if (base === 'е' && char === '\u0308') continue;
      out += char;
      continue;
    }
    base = char;
    out += ARABIC_FOLDS[char] ?? char;
  }
  return out.replace(ARABIC_IGNORED, '').normalize('NFC');
}
