// The benchmarks' search queries, drawn from the library's own texts (bench/run.mjs, bench/protected.mjs).

/**
 * Queries drawn from the library's own texts, so each finds something: the commonest long word,
 * a word of a single article, a prefix, two words that appear together, Russian and Chinese.
 */
export function queriesFrom(list) {
  const df = new Map();
  const docs = list.map((c) => new Set((c.text.toLowerCase().match(/\p{Script=Latin}{5,}/gu) ?? [])));
  for (const words of docs) for (const w of words) df.set(w, (df.get(w) ?? 0) + 1);
  const byDf = [...df].sort((a, b) => b[1] - a[1]);
  const common = byDf[0][0];
  const rare = byDf.find(([w, n]) => n === 1 && w.length >= 9)[0];
  const partner = byDf.slice(1).find(([w]) => docs.some((d) => d.has(common) && d.has(w)))[0];
  const chinese = list.map((c) => c.text.match(/\p{Script=Han}{2}/u)?.[0]).find(Boolean) ?? '医院';
  return { 'common word': common, 'rare word': rare, prefix: common.slice(0, 4), 'two words': `${common} ${partner}`, Cyrillic: 'больницы', Chinese: chinese };
}
