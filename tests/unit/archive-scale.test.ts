import { describe, expect, it } from 'vitest';
import { importArchive } from '../../utils/archive/import-archive';
import { verifyArchive } from '../../utils/archive/verify-archive';
import { blobSource } from '../../utils/archive/zip-reader';
import { saveCapture } from '../../utils/store/save-capture';
import { exportArchive } from '../../utils/archive/export-archive';
import { libraryContents, renderWindow } from '../helpers/archive';
import { freshLibrary } from '../helpers/db';
import { generatedArticle } from '../helpers/generated-articles';

describe('an archive of 1,000 generated articles', () => {
  it('exports, verifies and imports back into an empty library equal', async () => {
    const db = freshLibrary();
    for (let i = 0; i < 1000; i++) await saveCapture(db, generatedArticle(i), 1_000_000 + i);
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
