import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { CaptureOutcome } from '../../utils/capture/types';
import { failureMessage, type FailureCode } from '../../utils/save/failures';
import { describeSave } from '../../utils/save/feedback';
import { addressClaimsOfPage } from '../../utils/capture/canonical-url';
import { completeImages, completeQueuedImages, completeRecentImages, IMAGE_ATTEMPTS, inspectTab, lookUpTab, RECENT_SAVE_MS, saveTab, type SaveDeps } from '../../utils/save/save-tab';
import { recordCases } from '../helpers/case-count';
import { freshLibrary } from '../helpers/db';
import { readText, SEED, windowFor } from '../helpers/dom';
import { captureSeed } from '../helpers/seed';
import { deletePage, undoDelete } from '../../utils/store/manage';

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

/** A save, then its images, as the background runs them one after the other; the outcome with the images in. */
async function saveCompletely(d: SaveDeps) {
  const result = await saveTab(d, { id: 1, url: ARTICLE_URL });
  if (!result.ok) return result;
  const images = await completeImages(d, result.outcome.snapshotId);
  return { ...result, outcome: { ...result.outcome, images: images ?? result.outcome.images } };
}
const throwing = (message: string) => async () => {
  throw new Error(message);
};

describe('saving a tab', () => {
  it('saves the article at once with its image pending, then keeps the image as a Blob', async () => {
    const d = deps(capturing({ ok: true, capture: captureSeed('article.html') }));
    const result = await saveTab(d, { id: 1, url: ARTICLE_URL });
    // The answer comes with the copy stored and its image still to download: nothing fetched yet.
    expect(result).toMatchObject({ ok: true, outcome: { kind: 'new-page', versionCount: 1, images: [{ url: 'http://127.0.0.1:8080/paratroopers.png', missing: 'pending' }] } });
    expect(requested).toEqual([]);
    expect(await d.db.pages.count()).toBe(1);
    expect((await d.db.bodies.toArray())[0]?.text).toContain('Approximately 60 paratroopers');
    expect(await d.db.imageQueue.toArray()).toEqual([{ snapshotId: result.ok && result.outcome.snapshotId, since: 5000, attempts: 0 }]);

    const images = await completeImages(d, result.ok ? result.outcome.snapshotId : '');
    expect(images).toEqual([{ url: 'http://127.0.0.1:8080/paratroopers.png', hash: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    const [asset] = await d.db.assets.toArray();
    expect(asset).toMatchObject({ type: 'image/png', size: PHOTO.byteLength, url: 'http://127.0.0.1:8080/paratroopers.png' });
    expect(asset!.blob).toBeInstanceOf(Blob);
    expect(Buffer.from(await asset!.blob.arrayBuffer()).equals(PHOTO)).toBe(true);
    expect(requested).toEqual(['http://127.0.0.1:8080/paratroopers.png']);
    expect(await d.db.imageQueue.count()).toBe(0);
    expect(describeSave({ ok: true, outcome: { ...(result.ok ? result.outcome : ({} as never)), images: images! } })).toMatch(/Kept \d+ words and its image\.$/);
  });

  it('does not download again the images an unchanged article already has', async () => {
    const d = deps(capturing({ ok: true, capture: captureSeed('article.html') }));
    await saveCompletely(d);
    requested = [];
    const again = await saveTab(d, { id: 1, url: ARTICLE_URL });
    expect(again).toMatchObject({ ok: true, outcome: { kind: 'unchanged', images: [{ url: 'http://127.0.0.1:8080/paratroopers.png', hash: expect.any(String) }] } });
    expect(await d.db.imageQueue.count()).toBe(0);
    expect(requested).toEqual([]);
  });

  it('keeps the text and fetches nothing from sites the user did not allow', async () => {
    const capture = { ...captureSeed('article.html'), images: ['https://cdn.example/a.jpg', 'https://cdn.example/b.jpg'] };
    const d = deps(capturing({ ok: true, capture }));
    const result = await saveTab(d, { id: 1, url: ARTICLE_URL });
    expect(result).toMatchObject({ ok: true, outcome: { kind: 'new-page', images: [{ url: 'https://cdn.example/a.jpg', missing: 'no-permission' }, { url: 'https://cdn.example/b.jpg', missing: 'no-permission' }] } });
    // Nothing to download, so nothing waits in the queue.
    expect(await d.db.imageQueue.count()).toBe(0);
    expect(requested).toEqual([]);
    expect(await d.db.assets.count()).toBe(0);
    expect((await d.db.bodies.toArray())[0]?.text).toContain('Approximately 60 paratroopers');
  });

  it('fetches from a site once the user allowed it, and fills in a copy saved without its images', async () => {
    const capture = { ...captureSeed('article.html'), images: ['https://cdn.example/paratroopers.png'] };
    const d = deps(capturing({ ok: true, capture }));
    const first = await saveCompletely(d);
    expect(first).toMatchObject({ ok: true, outcome: { images: [{ missing: 'no-permission' }] } });
    const allowed = { ...d, grantedOrigins: async () => ['https://cdn.example/*'] };
    const second = await saveCompletely(allowed);
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

/**
 * Issue 21, text first, images after: the copy is stored before its images download; each image
 * is attached as it arrives; downloads a stop cut short are finished at the next start.
 */
describe('text first, images after', () => {
  const IMAGES = ['http://127.0.0.1:8080/one.png', 'http://127.0.0.1:8080/two.png'];
  const capture = () => ({ ...captureSeed('article.html'), images: IMAGES });

  /** A network whose answers wait until the test lets each through (or never come: a stopped worker). */
  function heldNetwork() {
    const waiting = new Map<string, () => void>();
    const fetch: SaveDeps['fetch'] = (url, init) =>
      new Promise((resolve, reject) => {
        requested.push(url);
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        waiting.set(url, () => resolve(new Response(PHOTO, { headers: { 'content-type': 'image/png' } })));
      });
    const release = async (url: string) => {
      await expect.poll(() => waiting.has(url)).toBe(true);
      waiting.get(url)!();
    };
    return { fetch, release };
  }

  const imagesOf = async (d: SaveDeps) => (await d.db.snapshots.toArray())[0]!.images;

  it('answers with the text stored while the images are still downloading, and attaches each as it arrives', async () => {
    const network = heldNetwork();
    const d = { ...deps(capturing({ ok: true, capture: capture() })), fetch: network.fetch };
    const saved = await saveTab(d, { id: 1, url: ARTICLE_URL });
    expect(saved).toMatchObject({ ok: true, outcome: { images: IMAGES.map((url) => ({ url, missing: 'pending' })) } });
    expect(describeSave(saved)).toMatch(/Kept \d+ words and 0 of 2 images so far \(downloading the rest\)\.$/);
    const completing = completeImages(d, saved.ok ? saved.outcome.snapshotId : '');
    await network.release(IMAGES[1]!);
    // The second image is in the copy before the first has answered.
    await expect.poll(() => imagesOf(d)).toEqual([{ url: IMAGES[0], missing: 'pending' }, { url: IMAGES[1], hash: expect.any(String) }]);
    expect(await d.db.imageQueue.count()).toBe(1);
    await network.release(IMAGES[0]!);
    expect(await completing).toEqual(IMAGES.map((url) => ({ url, hash: expect.any(String) })));
    expect(await d.db.imageQueue.count()).toBe(0);
    expect(await d.db.assets.count()).toBe(1);
  });

  it('finishes at the next start the downloads that a stopped background cut short, and only those', async () => {
    const network = heldNetwork();
    const d = { ...deps(capturing({ ok: true, capture: capture() })), fetch: network.fetch };
    const saved = await saveTab(d, { id: 1, url: ARTICLE_URL });
    // The worker runs the downloads; one image arrives, then the worker is stopped (its promises never settle).
    void completeImages(d, saved.ok ? saved.outcome.snapshotId : '');
    await network.release(IMAGES[0]!);
    await expect.poll(async () => (await imagesOf(d))[0]).toEqual({ url: IMAGES[0], hash: expect.any(String) });

    // The next start: another context, the same library, a working network.
    requested = [];
    const restarted = { ...d, fetch: fakeFetchAll };
    expect(await completeQueuedImages(restarted)).toBe(1);
    expect(requested).toEqual([IMAGES[1]]);
    expect(await imagesOf(d)).toEqual(IMAGES.map((url) => ({ url, hash: expect.any(String) })));
    expect(await d.db.imageQueue.count()).toBe(0);
    expect(await completeQueuedImages(restarted)).toBe(0);
  });

  it(`gives the images up as interrupted after ${IMAGE_ATTEMPTS} starts that did not finish them`, async () => {
    const d = { ...deps(capturing({ ok: true, capture: capture() })), fetch: heldNetwork().fetch };
    const saved = await saveTab(d, { id: 1, url: ARTICLE_URL });
    const id = saved.ok ? saved.outcome.snapshotId : '';
    for (let start = 0; start < IMAGE_ATTEMPTS; start++) {
      void completeQueuedImages(d);
      await expect.poll(async () => (await d.db.imageQueue.get(id))?.attempts).toBe(start + 1);
    }
    requested = [];
    expect(await completeQueuedImages({ ...d, fetch: fakeFetchAll })).toBe(1);
    expect(requested).toEqual([]);
    expect(await imagesOf(d)).toEqual(IMAGES.map((url) => ({ url, missing: 'interrupted' })));
    expect(await d.db.imageQueue.count()).toBe(0);
  });

  it('stores nothing for a copy deleted while its images download, and downloads them again after Undo', async () => {
    const network = heldNetwork();
    const d = { ...deps(capturing({ ok: true, capture: capture() })), fetch: network.fetch };
    const saved = await saveTab(d, { id: 1, url: ARTICLE_URL });
    if (!saved.ok) throw new Error('not saved');
    const completing = completeImages(d, saved.outcome.snapshotId);
    const removed = await deletePage(d.db, saved.outcome.pageUrl);
    expect(await d.db.imageQueue.count()).toBe(0);
    await network.release(IMAGES[0]!);
    await network.release(IMAGES[1]!);
    expect(await completing).toBeUndefined();
    expect(await d.db.assets.count()).toBe(0);

    await undoDelete(d.db, removed);
    expect(await d.db.imageQueue.count()).toBe(1);
    expect(await completeQueuedImages({ ...d, fetch: fakeFetchAll })).toBe(1);
    expect(await imagesOf(d)).toEqual(IMAGES.map((url) => ({ url, hash: expect.any(String) })));
  });

  it('writes the copy and its place in the queue together, or neither', async () => {
    faults.diskFull += 1;
    const d = deps(capturing({ ok: true, capture: capture() }));
    d.db.imageQueue.hook('creating', () => {
      throw Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
    });
    expect(await saveTab(d, { id: 1, url: ARTICLE_URL })).toMatchObject({ ok: false, failure: 'storage-full' });
    expect(await d.db.pages.count()).toBe(0);
    expect(await d.db.snapshots.count()).toBe(0);
    expect(await d.db.bodies.count()).toBe(0);
  });
});

/** Every image answers at once. */
const fakeFetchAll: SaveDeps['fetch'] = async (url) => {
  requested.push(url);
  return new Response(PHOTO, { headers: { 'content-type': 'image/png' } });
};
