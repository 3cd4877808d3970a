import { describe, expect, it } from 'vitest';
import { describeSave } from '../../utils/save/feedback';
import { recentPages, savedCopy, snapshotsOf } from '../../utils/store/queries';
import { saveCapture } from '../../utils/store/save-capture';
import { freshLibrary } from '../helpers/db';
import { captureSeed } from '../helpers/seed';

const original = captureSeed('article.html');
const edited = captureSeed('article-edited.html');

describe('saving captures', () => {
  it('stores one page, one snapshot with its body, and a sighting', async () => {
    const db = freshLibrary();
    const outcome = await saveCapture(db, original, 1000);
    expect(outcome).toMatchObject({ kind: 'new-page', version: 1, versionCount: 1, pageUrl: original.canonicalUrl });
    expect(outcome.snapshotId).toMatch(/^[0-9a-f]{64}$/);
    const page = await db.pages.get(original.canonicalUrl);
    expect(page).toMatchObject({ firstSavedAt: 1000, lastSavedAt: 1000, versionCount: 1, changed: false, latestSnapshotId: outcome.snapshotId });
    const copy = await savedCopy(db, outcome.snapshotId);
    expect(copy?.body.text).toBe(original.text);
    expect(copy?.snapshot).toMatchObject({ title: original.title, byline: 'The Moscow Times', capturedAt: 1000, version: 1 });
    expect(await db.sightings.count()).toBe(1);
  });

  it('records a re-check, not a copy, when the article is unchanged', async () => {
    const db = freshLibrary();
    const first = await saveCapture(db, original, 1000);
    const again = await saveCapture(db, { ...original, loadedUrl: 'http://127.0.0.1:8080/article.html?utm_source=x' }, 2000);
    expect(again).toMatchObject({ kind: 'unchanged', snapshotId: first.snapshotId, versionCount: 1 });
    expect(await db.snapshots.count()).toBe(1);
    expect(await db.bodies.count()).toBe(1);
    expect(await db.pages.get(original.canonicalUrl)).toMatchObject({ lastSavedAt: 1000, lastSeenAt: 2000, versionCount: 1 });
    expect((await db.sightings.toArray()).map((s) => s.kind)).toEqual(['new-page', 'unchanged']);
  });

  it('adds the edited article as a second version of the same page', async () => {
    const db = freshLibrary();
    const first = await saveCapture(db, original, 1000);
    const second = await saveCapture(db, edited, 2000);
    expect(second).toMatchObject({ kind: 'new-version', version: 2, versionCount: 2 });
    expect(second.snapshotId).not.toBe(first.snapshotId);
    expect(await db.pages.count()).toBe(1);
    expect(await db.pages.get(original.canonicalUrl)).toMatchObject({ versionCount: 2, changed: true, latestSnapshotId: second.snapshotId, title: edited.title });
    expect((await snapshotsOf(db, original.canonicalUrl)).map((s) => s.version)).toEqual([1, 2]);
    expect((await recentPages(db, 10)).map((p) => p.title)).toEqual([edited.title]);
  });

  it('warns when a new version comes from another site than the one before (a mirror)', async () => {
    const db = freshLibrary();
    await saveCapture(db, original, 1000);
    const fromMirror = await saveCapture(db, { ...edited, loadedUrl: 'https://mirror.example/2022/04/07/story' }, 2000);
    expect(fromMirror.otherSite).toEqual({ now: 'mirror.example', before: '127.0.0.1' });
    expect(describeSave({ ok: true, outcome: fromMirror })).toContain('This version was loaded from mirror.example and the one before from 127.0.0.1: the difference may be between the two sites rather than an edit.');
    const sameSite = await saveCapture(db, { ...original, text: `${original.text}\n\nCorrection.` , loadedUrl: 'https://mirror.example/2022/04/07/story' }, 3000);
    expect(sameSite.otherSite).toBeUndefined();
  });

  it('notices when an article goes back to an earlier version', async () => {
    const db = freshLibrary();
    const first = await saveCapture(db, original, 1000);
    await saveCapture(db, edited, 2000);
    const back = await saveCapture(db, original, 3000);
    expect(back).toMatchObject({ kind: 'reverted', snapshotId: first.snapshotId, version: 1, versionCount: 2, title: original.title });
    expect(await db.snapshots.count()).toBe(2);
    expect(await db.pages.get(original.canonicalUrl)).toMatchObject({ latestSnapshotId: first.snapshotId, title: original.title });
  });

  it('writes nothing when the transaction fails part-way: every table stays as it was', async () => {
    const db = freshLibrary();
    await saveCapture(db, original, 1000);
    const everything = () => Promise.all(db.tables.map((table) => table.toArray()));
    const before = await everything();
    db.sightings.hook('creating', () => {
      throw Object.assign(new Error('simulated'), { name: 'QuotaExceededError' });
    });
    await expect(saveCapture(db, edited, 2000)).rejects.toThrow();
    expect(await everything()).toEqual(before);
  });

  it('keeps pages newest first', async () => {
    const db = freshLibrary();
    await saveCapture(db, { ...original, canonicalUrl: 'https://a.example/1', title: 'A' }, 1000);
    await saveCapture(db, { ...original, canonicalUrl: 'https://a.example/2', title: 'B' }, 3000);
    await saveCapture(db, { ...original, canonicalUrl: 'https://a.example/3', title: 'C' }, 2000);
    expect((await recentPages(db, 10)).map((p) => p.title)).toEqual(['B', 'C', 'A']);
    expect((await recentPages(db, 1, 1)).map((p) => p.title)).toEqual(['C']);
  });
});

describe('saving selections and whole pages', () => {
  it('files a selection apart, so it never becomes a version of the article', async () => {
    const db = freshLibrary();
    const article = await saveCapture(db, original, 1000);
    const clip = await saveCapture(db, { ...original, kind: 'selection', text: 'Local activist Nikolay Kuzmin said…', html: '<p>Local activist Nikolay Kuzmin said…</p>', images: [] }, 2000);
    expect(clip).toMatchObject({ kind: 'new-page', copy: 'selection', versionCount: 1 });
    expect(clip.pageUrl).toMatch(/^https:\/\/www\.themoscowtimes\.com\/2022\/04\/07\/60-russian-paratroopers-refuse-to-fight-in-ukraine-reports#samizdat-selection-[0-9a-f]{16}$/);
    expect(await db.pages.get(original.canonicalUrl)).toMatchObject({ versionCount: 1, latestSnapshotId: article.snapshotId, changed: false, kind: 'article' });
    expect(await db.snapshots.get(clip.snapshotId)).toMatchObject({ kind: 'selection', sourceUrl: original.canonicalUrl, pageUrl: clip.pageUrl });
  });

  it('keeps whole-page copies apart from the article, so neither reads as an edit of the other', async () => {
    const db = freshLibrary();
    const article = await saveCapture(db, original, 1000);
    const whole = await saveCapture(db, { ...original, kind: 'page' }, 2000);
    expect(whole).toMatchObject({ kind: 'new-page', copy: 'page', version: 1, pageUrl: `${original.canonicalUrl}#samizdat-whole-page` });
    expect(await db.pages.get(original.canonicalUrl)).toMatchObject({ kind: 'article', versionCount: 1, changed: false, latestSnapshotId: article.snapshotId });
    expect(await saveCapture(db, original, 3000)).toMatchObject({ kind: 'unchanged' });
  });
});
