import { describe, expect, it } from 'vitest';
import { describeSave } from '../../utils/save/feedback';
import { forgetsVisits, forgetVisit, setForgetsVisits } from '../../utils/save/forget-visit';
import { saveCapture } from '../../utils/store/save-capture';
import { freshLibrary } from '../helpers/db';
import { captureSeed } from '../helpers/seed';

describe('removing saved pages from the browser’s history', () => {
  it('is off until the user turns it on, and stays as chosen', async () => {
    const db = freshLibrary();
    expect(await forgetsVisits(db)).toBe(false);
    await setForgetsVisits(db, true);
    expect(await forgetsVisits(db)).toBe(true);
    await setForgetsVisits(db, false);
    expect(await forgetsVisits(db)).toBe(false);
  });

  it('removes the tab’s address with and without its fragment, and the article’s own, each once; never a browser page', async () => {
    const removed: string[] = [];
    const history = { deleteUrl: async ({ url }: { url: string }) => void removed.push(url) };
    const forgotten = await forgetVisit(history, ['https://meduza.io/feature/2022/04/07/story#comments', 'https://meduza.io/feature/2022/04/07/story', undefined, 'about:blank', 'chrome://newtab/']);
    expect(forgotten).toEqual(['https://meduza.io/feature/2022/04/07/story#comments', 'https://meduza.io/feature/2022/04/07/story']);
    expect(removed).toEqual(forgotten);
  });

  it('says after the save whether the page left the history', async () => {
    const db = freshLibrary();
    const outcome = await saveCapture(db, captureSeed('article.html'), 1000);
    const plain = describeSave({ ok: true, outcome });
    expect(plain).not.toMatch(/history/);
    expect(describeSave({ ok: true, outcome: { ...outcome, visitForgotten: true } })).toBe(`${plain} Removed from the browser’s history.`);
    expect(describeSave({ ok: true, outcome: { ...outcome, visitForgotten: false } })).toBe(`${plain} It is still in the browser’s history: Samizdat no longer has permission to remove it (see Settings).`);
  });
});
