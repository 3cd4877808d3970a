import type { Capture } from '../../utils/capture/types';

const SCRIPTS = [
  ['ru', 'Жители района вышли на защиту больницы, которую власти собираются закрыть'],
  ['uk', 'Мешканці району вийшли на захист лікарні, яку влада збирається закрити'],
  ['fa', 'ساکنان منطقه برای دفاع از بیمارستانی که مسئولان می‌خواهند ببندند بیرون آمدند'],
  ['zh', '居民们走上街头保护当局打算关闭的医院'],
  ['en', 'Residents came out to defend the hospital the authorities plan to close'],
] as const;

/** A generated article: realistic length, one of five languages, its own address. */
export function generatedArticle(i: number): Capture {
  const [lang, sentence] = SCRIPTS[i % SCRIPTS.length]!;
  const paragraphs = Array.from({ length: 12 }, (_, p) => `${sentence} (${i}.${p}).`);
  return {
    kind: 'article',
    canonicalUrl: `https://news.example/${lang}/${i}`,
    loadedUrl: `https://news.example/${lang}/${i}?utm_source=x`,
    title: `${sentence.slice(0, 40)} №${i}`,
    byline: `Reporter ${i % 37}`,
    authors: [`Reporter ${i % 37}`],
    publisher: 'News Example',
    section: null,
    leadImage: null,
    siteName: 'News Example',
    lang,
    dir: lang === 'fa' ? 'rtl' : 'ltr',
    excerpt: sentence,
    publishedTime: new Date(Date.UTC(2026, 0, 1) + i * 3600_000).toISOString(),
    modifiedTime: null,
    html: paragraphs.map((p) => `<p>${p}</p>`).join(''),
    text: paragraphs.join('\n\n'),
    images: [],
    wordCount: 12 * sentence.split(/\s+/).length,
    pageWordCount: 12 * sentence.split(/\s+/).length,
    statedWordCount: null,
  };
}
