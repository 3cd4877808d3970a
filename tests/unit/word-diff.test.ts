import { describe, expect, it } from 'vitest';
import { diffWords } from '../../utils/diff/word-diff';
import { captureSeed } from '../helpers/seed';

const render = (before: string, after: string) =>
  diffWords(before, after)
    .map((p) => (p.kind === 'same' ? p.text : p.kind === 'removed' ? `[-${p.text}-]` : `{+${p.text}+}`))
    .join('');

describe('word differences', () => {
  it.each([
    ['nothing changed', 'a b c', 'a b c', 'a b c'],
    ['a word replaced', 'Approximately 60 paratroopers refused', 'Several paratroopers refused', '[-Approximately 60-]{+Several+} paratroopers refused'],
    ['a word added', 'the old port', 'the old northern port', 'the old {+northern +}port'],
    ['a word removed', 'the old northern port', 'the old port', 'the old [-northern -]port'],
    ['everything new', '', 'new text', '{+new text+}'],
    ['everything gone', 'old text', '', '[-old text-]'],
    ['Cyrillic', 'Жители вышли на улицы', 'Жители не вышли на улицы', 'Жители {+не +}вышли на улицы'],
  ])('%s', (_name, before, after, expected) => {
    expect(render(before, after)).toBe(expected);
  });

  it('gives back both texts: what was there and what is there now', () => {
    const before = captureSeed('article.html').text;
    const after = captureSeed('article-edited.html').text;
    const parts = diffWords(before, after);
    expect(parts.filter((p) => p.kind !== 'added').map((p) => p.text).join('')).toBe(before);
    expect(parts.filter((p) => p.kind !== 'removed').map((p) => p.text).join('')).toBe(after);
    const removed = parts.filter((p) => p.kind === 'removed').map((p) => p.text.trim());
    const added = parts.filter((p) => p.kind === 'added').map((p) => p.text.trim());
    expect(removed).toContain('Approximately 60');
    expect(added).toContain('Several');
    expect(removed.join(' ')).toContain('Local activist Nikolay Kuzmin said that he had spoken with a driver');
  });
});

describe('comparing two versions of the seed article', () => {
  it('names the changed details and the changed words', async () => {
    const { compareVersions } = await import('../../utils/diff/compare-versions');
    const { freshLibrary } = await import('../helpers/db');
    const { saveCapture } = await import('../../utils/store/save-capture');
    const { pageHistory } = await import('../../utils/store/queries');
    const db = freshLibrary();
    const first = captureSeed('article.html');
    await saveCapture(db, first, 1000);
    await saveCapture(db, first, 1500);
    await saveCapture(db, captureSeed('article-edited.html'), 2000);
    const history = (await pageHistory(db, first.canonicalUrl))!;
    expect(history.snapshots.map((s) => s.version)).toEqual([1, 2]);
    expect(history.sightings.map((s) => s.kind)).toEqual(['new-page', 'unchanged', 'new-version']);
    const [a, b] = history.snapshots;
    const [bodyA, bodyB] = await db.bodies.bulkGet([a!.id, b!.id]);
    const comparison = compareVersions(a!, bodyA!.text, b!, bodyB!.text);
    expect(comparison.fields).toEqual([
      { field: 'Headline', before: '60 Russian Paratroopers Refuse to Fight In Ukraine — Reports', after: 'Russian Paratroopers Refuse to Fight In Ukraine — Reports' },
      { field: 'Modified', before: '2022-04-07T12:45:00+03:00', after: '2022-04-09T09:10:00+03:00' },
      { field: 'Summary', before: expect.stringContaining('Approximately 60'), after: expect.stringContaining('Several') },
    ]);
    expect(comparison.removedWords).toBeGreaterThan(25);
    expect(comparison.addedWords).toBe(1);
  });
});
