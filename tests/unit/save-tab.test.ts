import { describe, expect, it } from 'vitest';
import type { CaptureOutcome } from '../../utils/capture/types';
import { FAILURE_MESSAGES } from '../../utils/save/failures';
import { inspectTab, saveTab, type SaveDeps } from '../../utils/save/save-tab';
import { freshLibrary } from '../helpers/db';
import { captureSeed } from '../helpers/seed';

const ARTICLE_URL = 'http://127.0.0.1:8080/article.html';

function deps(captureTab: SaveDeps['captureTab']): SaveDeps {
  return { db: freshLibrary(), captureTab, now: () => 5000 };
}

const capturing = (outcome: CaptureOutcome | undefined) => async () => outcome;
const throwing = (message: string) => async () => {
  throw new Error(message);
};

describe('saving a tab', () => {
  it('saves the article and reports it', async () => {
    const d = deps(capturing({ ok: true, capture: captureSeed('article.html') }));
    const result = await saveTab(d, { id: 1, url: ARTICLE_URL });
    expect(result).toMatchObject({ ok: true, outcome: { kind: 'new-page', versionCount: 1 } });
    expect(await d.db.pages.count()).toBe(1);
  });

  it.each([
    ['chrome://settings', 'browser-page'],
    ['about:config', 'browser-page'],
    ['view-source:https://example.com/', 'browser-page'],
    ['chrome-extension://abc/popup.html', 'browser-page'],
    ['edge://newtab', 'browser-page'],
    ['https://chromewebstore.google.com/detail/x', 'store-page'],
    ['https://chrome.google.com/webstore/detail/x', 'store-page'],
    ['https://addons.mozilla.org/en-US/firefox/', 'store-page'],
  ])('refuses %s without trying to script it', async (url, failure) => {
    let tried = false;
    const d = deps(async () => {
      tried = true;
      return undefined;
    });
    const result = await saveTab(d, { id: 1, url });
    expect(result).toEqual({ ok: false, failure, message: FAILURE_MESSAGES[failure as keyof typeof FAILURE_MESSAGES] });
    expect(tried).toBe(false);
    expect(await d.db.pages.count()).toBe(0);
  });

  it.each([
    ['Cannot access a chrome:// URL', 'browser-page'],
    ['The extensions gallery cannot be scripted.', 'store-page'],
    ['Cannot access contents of url "file:///home/a.html". Extension manifest must request permission to access this host.', 'file-access'],
    ['Cannot access contents of the page. Extension manifest must request permission to access the respective host.', 'no-access'],
    ['Missing host permission for the tab', 'no-access'],
    ['Frame with ID 0 was removed.', 'tab-gone'],
    ['No tab with id: 42.', 'tab-gone'],
    ['Something nobody expected', 'capture-failed'],
  ])('explains the browser error "%s"', async (message, failure) => {
    const d = deps(throwing(message));
    expect(await saveTab(d, { id: 1, url: ARTICLE_URL })).toMatchObject({ ok: false, failure });
    expect(await d.db.pages.count()).toBe(0);
  });

  it.each([
    [{ ok: false, reason: 'not-an-article' } as const, 'not-an-article'],
    [{ ok: false, reason: 'pdf' } as const, 'pdf'],
    [undefined, 'tab-gone'],
  ])('reports a page it cannot capture (%o)', async (outcome, failure) => {
    const d = deps(capturing(outcome));
    expect(await saveTab(d, { id: 1, url: ARTICLE_URL })).toMatchObject({ ok: false, failure, message: expect.any(String) });
  });

  it('says so when there is no tab', async () => {
    expect(await saveTab(deps(capturing(undefined)), undefined)).toMatchObject({ ok: false, failure: 'no-tab' });
  });

  it('turns a full disk into a clear message and writes nothing', async () => {
    const d = deps(capturing({ ok: true, capture: captureSeed('article.html') }));
    d.db.bodies.hook('creating', () => {
      throw Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
    });
    const result = await saveTab(d, { id: 1, url: ARTICLE_URL });
    expect(result).toEqual({ ok: false, failure: 'storage-full', message: FAILURE_MESSAGES['storage-full'] });
    expect(await d.db.pages.count()).toBe(0);
    expect(await d.db.snapshots.count()).toBe(0);
  });
});

describe('inspecting a tab', () => {
  it('tells never saved, saved, and changed since', async () => {
    let current = captureSeed('article.html');
    const d = deps(async () => ({ ok: true, capture: current }));
    expect(await inspectTab(d, { id: 1, url: ARTICLE_URL })).toMatchObject({ kind: 'never-saved', title: current.title });
    await saveTab(d, { id: 1, url: ARTICLE_URL });
    expect(await inspectTab(d, { id: 1, url: ARTICLE_URL })).toMatchObject({ kind: 'saved', liveDiffers: false });
    current = captureSeed('article-edited.html');
    expect(await inspectTab(d, { id: 1, url: ARTICLE_URL })).toMatchObject({ kind: 'saved', liveDiffers: true, page: { versionCount: 1 } });
    expect(await d.db.snapshots.count()).toBe(1);
  });

  it('explains a page that cannot be saved', async () => {
    expect(await inspectTab(deps(capturing(undefined)), { id: 1, url: 'about:blank' })).toEqual({
      kind: 'unavailable',
      failure: 'browser-page',
      message: FAILURE_MESSAGES['browser-page'],
      ok: false,
    });
  });
});
