import { describe, expect, it } from 'vitest';
import { importArchive } from '../../utils/archive/import-archive';
import { verifyArchive } from '../../utils/archive/verify-archive';
import { blobSource } from '../../utils/archive/zip-reader';
import type { Capture } from '../../utils/capture/types';
import { saveCapture } from '../../utils/store/save-capture';
import { exportArchive } from '../../utils/archive/export-archive';
import { libraryContents, renderWindow } from '../helpers/archive';
import { freshLibrary } from '../helpers/db';

const SCRIPTS = [
  ['ru', 'Жители района вышли на защиту больницы, которую власти собираются закрыть'],
  ['uk', 'Мешканці району вийшли на захист лікарні, яку влада збирається закрити'],
  ['fa', 'ساکنان منطقه برای دفاع از بیمارستانی که مسئولان می‌خواهند ببندند بیرون آمدند'],
  ['zh', '居民们走上街头保护当局打算关闭的医院'],
  ['en', 'Residents came out to defend the hospital the authorities plan to close'],
] as const;

/** A generated article: realistic length, one of five languages, its own address. */
function article(i: number): Capture {
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
  };
}

describe('an archive of 1,000 generated articles', () => {
  it('exports, verifies and imports back into an empty library equal', async () => {
    const db = freshLibrary();
    for (let i = 0; i < 1000; i++) await saveCapture(db, article(i), 1_000_000 + i);
    let progressCalls = 0;
    const blob = await exportArchive(db, { selection: { all: true }, generator: 'Samizdat test', win: renderWindow, onProgress: () => progressCalls++ });
    expect(progressCalls).toBe(1001);
    const report = await verifyArchive(blobSource(blob));
    expect(report.ok).toBe(true);
    expect(report.snapshots).toHaveLength(1000);
    const other = freshLibrary();
    expect(await importArchive(other, blobSource(blob))).toEqual({ newPages: 1000, newSnapshots: 1000, skipped: 0, newImages: 0 });
    expect(await libraryContents(other)).toEqual(await libraryContents(db));
  }, 300_000);
});
