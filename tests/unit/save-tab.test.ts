import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { CaptureOutcome } from '../../utils/capture/types';
import { failureMessage, type FailureCode } from '../../utils/save/failures';
import { describeSave } from '../../utils/save/feedback';
import { addressClaimsOfPage } from '../../utils/capture/canonical-url';
import { completeRecentImages, inspectTab, lookUpTab, RECENT_SAVE_MS, saveTab, type SaveDeps } from '../../utils/save/save-tab';
import { recordCases } from '../helpers/case-count';
import { freshLibrary } from '../helpers/db';
import { readText, SEED, windowFor } from '../helpers/dom';
import { captureSeed } from '../helpers/seed';

const ARTICLE_URL = 'http://127.0.0.1:8080/article.html';

const faults = { diskFull: 0, tooSlow: 0 };
afterAll(() =>
  recordCases(import.meta.url, [
    { kind: 'faults', what: 'disk full during a save', count: faults.diskFull },
    { kind: 'faults', what: 'a page too slow to read', count: faults.tooSlow },
  ]),
);

/** The network as the tests see it: only the seed's lead image exists; every request is logged. */
const PHOTO = readFileSync(`${SEED}paratroopers.png`);
let requested: string[] = [];
const fakeFetch: SaveDeps['fetch'] = async (url) => {
  requested.push(url);
  return url.endsWith('/paratroopers.png') ? new Response(PHOTO, { headers: { 'content-type': 'image/png' } }) : new Response('not found', { status: 404 });
};

function deps(captureTab: SaveDeps['captureTab'], granted: string[] = []): SaveDeps {
  requested = [];
  return { db: freshLibrary(), readAddress: seedAddress, captureTab, tabCrashed: async () => false, now: () => 5000, fetch: fakeFetch, grantedOrigins: async () => granted };
}

/** The seed article's address claims, read as the background reads them from the live page. */
async function seedAddress() {
  const page = windowFor(readText(`${SEED}article.html`), ARTICLE_URL) as Window & typeof globalThis;
  return addressClaimsOfPage(page.document, page.Document.prototype, page.Element.prototype);
}

const capturing = (outcome: CaptureOutcome | undefined) => async () => outcome;
const throwing = (message: string) => async () => {
  throw new Error(message);
};

describe('saving a tab', () => {
  it('saves the article with its lead image as a Blob, and reports it', async () => {
    const d = deps(capturing({ ok: true, capture: captureSeed('article.html') }));
    const result = await saveTab(d, { id: 1, url: ARTICLE_URL });
    expect(result).toMatchObject({ ok: true, outcome: { kind: 'new-page', versionCount: 1, images: [{ url: 'http://127.0.0.1:8080/paratroopers.png', hash: expect.stringMatching(/^[0-9a-f]{64}$/) }] } });
    expect(await d.db.pages.count()).toBe(1);
    const [asset] = await d.db.assets.toArray();
    expect(asset).toMatchObject({ type: 'image/png', size: PHOTO.byteLength, url: 'http://127.0.0.1:8080/paratroopers.png' });
    expect(asset!.blob).toBeInstanceOf(Blob);
    expect(Buffer.from(await asset!.blob.arrayBuffer()).equals(PHOTO)).toBe(true);
    expect(requested).toEqual(['http://127.0.0.1:8080/paratroopers.png']);
  });

  it('does not download again the images an unchanged article already has', async () => {
    const d = deps(capturing({ ok: true, capture: captureSeed('article.html') }));
    await saveTab(d, { id: 1, url: ARTICLE_URL });
    requested = [];
    const again = await saveTab(d, { id: 1, url: ARTICLE_URL });
    expect(again).toMatchObject({ ok: true, outcome: { kind: 'unchanged', images: [{ url: 'http://127.0.0.1:8080/paratroopers.png', hash: expect.any(String) }] } });
    expect(requested).toEqual([]);
  });

  it('keeps the text and fetches nothing from sites the user did not allow', async () => {
    const capture = { ...captureSeed('article.html'), images: ['https://cdn.example/a.jpg', 'https://cdn.example/b.jpg'] };
    const d = deps(capturing({ ok: true, capture }));
    const result = await saveTab(d, { id: 1, url: ARTICLE_URL });
    expect(result).toMatchObject({ ok: true, outcome: { kind: 'new-page', images: [{ url: 'https://cdn.example/a.jpg', missing: 'no-permission' }, { url: 'https://cdn.example/b.jpg', missing: 'no-permission' }] } });
    expect(requested).toEqual([]);
    expect(await d.db.assets.count()).toBe(0);
    expect((await d.db.bodies.toArray())[0]?.text).toContain('Approximately 60 paratroopers');
  });

  it('fetches from a site once the user allowed it, and fills in a copy saved without its images', async () => {
    const capture = { ...captureSeed('article.html'), images: ['https://cdn.example/paratroopers.png'] };
    const d = deps(capturing({ ok: true, capture }));
    const first = await saveTab(d, { id: 1, url: ARTICLE_URL });
    expect(first).toMatchObject({ ok: true, outcome: { images: [{ missing: 'no-permission' }] } });
    const allowed = { ...d, grantedOrigins: async () => ['https://cdn.example/*'] };
    const second = await saveTab(allowed, { id: 1, url: ARTICLE_URL });
    expect(second).toMatchObject({ ok: true, outcome: { kind: 'unchanged', images: [{ url: 'https://cdn.example/paratroopers.png', hash: expect.any(String) }] } });
    expect(await d.db.snapshots.count()).toBe(1);
    expect((await d.db.snapshots.toArray())[0]?.images).toEqual([{ url: 'https://cdn.example/paratroopers.png', hash: expect.any(String) }]);
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
    expect(result).toEqual({ ok: false, failure, message: failureMessage(failure as FailureCode) });
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

  it('gives up on a page that takes too long to read, says so, and writes nothing', async () => {
    faults.tooSlow += 1;
    const d = { ...deps(() => new Promise<never>(() => {})), captureTimeLimitMs: 50 };
    expect(await saveTab(d, { id: 1, url: ARTICLE_URL })).toEqual({ ok: false, failure: 'capture-timeout', message: failureMessage('capture-timeout') });
    expect(await inspectTab(d, { id: 1, url: ARTICLE_URL })).toMatchObject({ kind: 'unavailable', failure: 'capture-timeout' });
    expect(await d.db.pages.count()).toBe(0);
  });

  it('says the page crashed where the browser refused it because it had crashed, and only there', async () => {
    const refused = throwing('Cannot access contents of the page. Extension manifest must request permission to access the respective host.');
    const crashedTab = { ...deps(refused), tabCrashed: async () => true };
    expect(await saveTab(crashedTab, { id: 1, url: ARTICLE_URL })).toEqual({ ok: false, failure: 'page-crashed', message: failureMessage('page-crashed') });
    expect(await inspectTab(crashedTab, { id: 1, url: ARTICLE_URL })).toMatchObject({ kind: 'unavailable', failure: 'page-crashed' });
    // The process went away while the capture ran: no result, and the tab shows the crash.
    expect(await saveTab({ ...deps(capturing(undefined)), tabCrashed: async () => true }, { id: 1, url: ARTICLE_URL })).toMatchObject({ failure: 'page-crashed' });
    // A live tab refused for want of permission keeps the permission sentence; a tab that cannot be asked about too.
    expect(await saveTab(deps(refused), { id: 1, url: ARTICLE_URL })).toMatchObject({ failure: 'no-access' });
    expect(await saveTab({ ...deps(refused), tabCrashed: () => Promise.reject(new Error('No tab with id: 1')) }, { id: 1, url: ARTICLE_URL })).toMatchObject({ failure: 'no-access' });
    expect(failureMessage('page-crashed')).toBe('This page crashed in the browser; nothing was saved. Reload it and try again.');
  });

  it('says so when there is no tab', async () => {
    expect(await saveTab(deps(capturing(undefined)), undefined)).toMatchObject({ ok: false, failure: 'no-tab' });
  });

  it('turns a full disk into a clear message and writes nothing', async () => {
    faults.diskFull += 1;
    const d = deps(capturing({ ok: true, capture: captureSeed('article.html') }));
    d.db.bodies.hook('creating', () => {
      throw Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
    });
    const result = await saveTab(d, { id: 1, url: ARTICLE_URL });
    expect(result).toEqual({ ok: false, failure: 'storage-full', message: failureMessage('storage-full') });
    expect(await d.db.pages.count()).toBe(0);
    expect(await d.db.snapshots.count()).toBe(0);
  });
});

describe('inspecting a tab', () => {
  it('tells never saved, saved, and changed since', async () => {
    let current = captureSeed('article.html');
    const d = deps(async () => ({ ok: true, capture: current }));
    expect(await inspectTab(d, { id: 1, url: ARTICLE_URL })).toMatchObject({ kind: 'never-saved', title: current.title, imageOrigins: [] });
    await saveTab(d, { id: 1, url: ARTICLE_URL });
    expect(await inspectTab(d, { id: 1, url: ARTICLE_URL })).toMatchObject({ kind: 'saved', liveDiffers: false });
    current = captureSeed('article-edited.html');
    expect(await inspectTab(d, { id: 1, url: ARTICLE_URL })).toMatchObject({ kind: 'saved', liveDiffers: true, page: { versionCount: 1 } });
    expect(await d.db.snapshots.count()).toBe(1);
  });

  it('names the other sites whose images need permission', async () => {
    const capture = { ...captureSeed('article.html'), images: ['https://cdn.example/a.jpg', 'http://127.0.0.1:9/b.png', 'https://cdn.example/c.jpg', 'https://img.other.example/d.jpg'] };
    expect(await inspectTab(deps(capturing({ ok: true, capture })), { id: 1, url: ARTICLE_URL })).toMatchObject({ imageOrigins: ['https://cdn.example', 'https://img.other.example'] });
    expect(await inspectTab(deps(capturing({ ok: true, capture }), ['https://*.other.example/*']), { id: 1, url: ARTICLE_URL })).toMatchObject({ imageOrigins: ['https://cdn.example'] });
  });

  it('explains a page that cannot be saved', async () => {
    expect(await inspectTab(deps(capturing(undefined)), { id: 1, url: 'about:blank' })).toEqual({
      kind: 'unavailable',
      failure: 'browser-page',
      message: failureMessage('browser-page'),
      ok: false,
    });
  });
});

describe('the first look at a tab, by its address alone', () => {
  const tab = { id: 1, url: ARTICLE_URL };

  it('finds the copy filed under the address the capture gives, with no capture', async () => {
    let captures = 0;
    const d = deps(async () => {
      captures += 1;
      return { ok: true, capture: captureSeed('article.html') };
    });
    expect(await lookUpTab(d, tab)).toEqual({ kind: 'never-saved' });
    await saveTab(d, tab);
    expect(await lookUpTab(d, tab)).toMatchObject({ kind: 'saved', page: { url: captureSeed('article.html').canonicalUrl, versionCount: 1 } });
    expect(captures).toBe(1);
  });

  it('gives no answer where the page cannot be read, and leaves the reason to the full reading', async () => {
    const d = deps(capturing(undefined));
    expect(await lookUpTab({ ...d, readAddress: async () => { throw new Error('Cannot access contents of the page'); } }, tab)).toBeNull();
    expect(await lookUpTab({ ...d, readAddress: async () => undefined }, tab)).toBeNull();
    expect(await lookUpTab(d, { id: 1, url: 'chrome://settings' })).toBeNull();
    expect(await lookUpTab(d, undefined)).toBeNull();
  });
});

describe('completing saved copies once the user allows their image sites', () => {
  it('fetches the images of recent saves that waited for permission, and only those', async () => {
    const capture = { ...captureSeed('article.html'), images: ['https://cdn.example/paratroopers.png', 'https://elsewhere.example/x.png'] };
    const d = deps(capturing({ ok: true, capture }));
    const saved = await saveTab(d, { id: 1, url: ARTICLE_URL });
    expect(saved).toMatchObject({ ok: true, outcome: { images: [{ missing: 'no-permission' }, { missing: 'no-permission' }] } });
    expect(requested).toEqual([]);

    const allowed = { ...d, grantedOrigins: async () => ['https://cdn.example/*'], now: () => 5000 + 60_000 };
    expect(await completeRecentImages(allowed)).toBe(1);
    expect(requested).toEqual(['https://cdn.example/paratroopers.png']);
    const [snapshot] = await d.db.snapshots.toArray();
    expect(snapshot?.images).toEqual([
      { url: 'https://cdn.example/paratroopers.png', hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
      { url: 'https://elsewhere.example/x.png', missing: 'no-permission' },
    ]);

    const muchLater = { ...allowed, now: () => 5000 + RECENT_SAVE_MS + 1 };
    requested = [];
    expect(await completeRecentImages(muchLater)).toBe(0);
    expect(requested).toEqual([]);
  });
});

describe('the words after a save', () => {
  it('names a page without a title by its address', async () => {
    const capture = { ...captureSeed('article.html'), title: '', images: [] };
    const result = await saveTab(deps(capturing({ ok: true, capture })), { id: 1, url: ARTICLE_URL });
    expect(describeSave(result)).toBe(`Saved “${capture.canonicalUrl}”. Kept ${capture.wordCount} words.`);
  });
});
