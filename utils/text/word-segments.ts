/**
 * The one place that cuts text into words: Intl.Segmenter for the text's language, fed in pieces
 * of a few thousand characters cut at a space, because V8's segmenter slows down sharply on one
 * long string (a 580 KB Wikipedia article took 55 s whole, and milliseconds in pieces).
 */

const PIECE = 2000;

const segmenters = new Map<string, Intl.Segmenter>();

function segmenterFor(lang: string | null | undefined): Intl.Segmenter {
  const key = lang ?? '';
  let segmenter = segmenters.get(key);
  if (!segmenter) {
    let locale: string | undefined;
    try {
      locale = lang ? Intl.getCanonicalLocales(lang)[0] : undefined;
    } catch {
      locale = undefined;
    }
    segmenter = new Intl.Segmenter(locale, { granularity: 'word' });
    segmenters.set(key, segmenter);
  }
  return segmenter;
}

function* pieces(text: string): Generator<string> {
  for (let at = 0; at < text.length; ) {
    let end = Math.min(text.length, at + PIECE);
    if (end < text.length) {
      const space = text.lastIndexOf(' ', end);
      if (space > at + PIECE / 2) end = space;
    }
    yield text.slice(at, end);
    at = end;
  }
}

/**
 * Every segment of a text, words and what lies between them, in order: joined they give the text
 * back. The segmenter is made on first use, not when a page loads (its data takes a while).
 */
export function* textSegments(text: string, lang?: string | null): Generator<{ segment: string; isWordLike: boolean }> {
  const segmenter = segmenterFor(lang);
  for (const piece of pieces(text)) {
    for (const { segment, isWordLike } of segmenter.segment(piece)) yield { segment, isWordLike: !!isWordLike };
  }
}

/** The words of a text (segments the segmenter calls word-like), in order, as written. */
export function* wordSegments(text: string, lang?: string | null): Generator<string> {
  for (const segment of textSegments(text, lang)) {
    if (segment.isWordLike) yield segment.segment;
  }
}
