import { describe, expect, it, vi } from 'vitest';
import { indexInBackground } from '../../utils/store/indexing';
import { queuedRowCount, writeSearchRow } from '../../utils/store/search-rows';
import { freshLibrary } from '../helpers/db';

const queue = (db: ReturnType<typeof freshLibrary>, i: number) =>
  db.transaction('rw', db.words, () => writeSearchRow(db, { url: `https://queued.example/${i}`, lastSavedAt: 1000 + i }, { snapshotId: `s${i}`, terms: ['harbour', `n${i}`] }));

describe('indexing in the background', () => {
  it('runs once at a time, and looks again for rows queued while it ran', async () => {
    const db = freshLibrary();
    for (let i = 0; i < 120; i++) await queue(db, i);
    expect(await queuedRowCount(db)).toBe(120);
    const first = indexInBackground(db);
    // A save during the run: its call joins the run, which then indexes its row too.
    await queue(db, 500);
    const second = indexInBackground(db);
    expect(second).toBe(first);
    await first;
    expect(await queuedRowCount(db)).toBe(0);
    expect(await db.words.where('terms').equals('harbour').count()).toBe(121);
    // Over: the next call starts a run of its own.
    await queue(db, 501);
    const third = indexInBackground(db);
    expect(third).not.toBe(first);
    await third;
    expect(await db.words.where('terms').equals('n501').count()).toBe(1);
  });

  it('says so when it cannot index, and the rows stay queued and found', async () => {
    const db = freshLibrary();
    await queue(db, 1);
    db.words.bulkPut = () => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError')) as never;
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await expect(indexInBackground(db)).resolves.toBeUndefined();
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('still found'), expect.anything());
    logged.mockRestore();
    expect(await db.words.where('queued').equals(1).count()).toBe(1);
  });
});
