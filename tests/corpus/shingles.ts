/**
 * Text overlap scored as the public article-extraction-benchmark does: the text is split into
 * \w+ tokens (Unicode letters, digits and _), tokens into overlapping 4-token shingles, and
 * precision and recall are counted over the shingles as multisets.
 */
const SHINGLE = 4;

function shingles(text: string): Map<string, number> {
  const tokens = text.match(/[\p{L}\p{N}\p{M}_]+/gu) ?? [];
  const counts = new Map<string, number>();
  const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  if (tokens.length > 0 && tokens.length < SHINGLE) add(tokens.join(' '));
  for (let i = 0; i + SHINGLE <= tokens.length; i++) add(tokens.slice(i, i + SHINGLE).join(' '));
  return counts;
}

export interface Overlap {
  precision: number;
  recall: number;
  /** How many shingles the reference has: what a change in recall weighs. */
  referenceShingles: number;
}

export function overlap(extracted: string, reference: string): Overlap {
  const ours = shingles(extracted);
  const theirs = shingles(reference);
  let common = 0;
  for (const [key, count] of ours) common += Math.min(count, theirs.get(key) ?? 0);
  const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const oursTotal = total(ours);
  const theirsTotal = total(theirs);
  // An empty reference is matched exactly by an empty extraction.
  return {
    precision: oursTotal === 0 ? (theirsTotal === 0 ? 1 : 0) : common / oursTotal,
    recall: theirsTotal === 0 ? 1 : common / theirsTotal,
    referenceShingles: theirsTotal,
  };
}
