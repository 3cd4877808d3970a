/// <reference types="chrome" />
// Callbacks passed to evaluate() run inside the browser, where the extension APIs exist.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveCapture } from '../../utils/store/save-capture';
import { exportBytes } from '../helpers/archive';
import { freshLibrary } from '../helpers/db';
import { generatedArticle } from '../helpers/generated-articles';
import { launchChromium, stopServiceWorker, type ChromiumSession } from './helpers/chromium';
import { dumpLibrary, queuedRows } from './helpers/library-dump';
import { protectFromSettings } from './helpers/protected-library';

/**
 * Issue 25's interruption, in real Chromium: a library of 1,000 pages (imported as a user imports
 * an archive), protection turned on in Settings, the service worker stopped while it seals, then
 * woken as any event wakes it. Sealing goes on and completes; turned off again, the library is row
 * for row what it was: none lost, none doubled.
 */
const PAGES = 1000;
const PASSPHRASE = 'a long passphrase for a thousand pages';

type Progress = { toSealed: boolean; done: number; total: number; stopped?: string } | undefined;

describe('turning protection on for 1,000 pages in Chromium, the worker stopped mid-way', () => {
  let chromium: ChromiumSession;
  let archivePath: string;

  beforeAll(async () => {
    // The archive written by the extension's own export code, in Node: 1,000 articles in five languages.
    const db = freshLibrary();
    for (let i = 0; i < PAGES; i++) await saveCapture(db, generatedArticle(i), Date.UTC(2026, 0, 1) + i * 60_000);
    archivePath = join(mkdtempSync(join(tmpdir(), 'samizdat-thousand-')), 'thousand.samizdat.zip');
    writeFileSync(archivePath, await exportBytes(db));
    chromium = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await chromium?.close();
  });

  /** How many rows of the tables that hold the pages are sealed, and how many plain, read with plain IndexedDB in an extension page. */
  const sealedRows = (page: Page) =>
    page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('samizdat');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const counts = { sealed: 0, plain: 0 };
      for (const store of ['pages', 'snapshots', 'bodies', 'sightings', 'words']) {
        const rows = await new Promise<Record<string, unknown>[]>((resolve, reject) => {
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        for (const row of rows) counts[row.$sealed instanceof Uint8Array ? 'sealed' : 'plain']++;
      }
      db.close();
      return counts;
    });

  const progressIn = (page: Page): Promise<Progress> => page.evaluate(async () => ((await chrome.storage.session.get('protectionProgress')) as { protectionProgress?: Progress }).protectionProgress);

  it('seals every row through a stop of the worker, and opens them all again exactly as they were', async () => {
    const library = await chromium.context.newPage();
    await library.goto(chromium.extensionUrl('library.html'));
    await library.click('.open-import');
    await library.setInputFiles('.import-file', archivePath);
    await library.waitForSelector('.import-result', { timeout: 120_000 });
    await expect.poll(() => queuedRows(library), { timeout: 60_000 }).toBe(0);
    const before = await dumpLibrary(library);
    expect(before.pages).toHaveLength(PAGES);

    const settings = await chromium.context.newPage();
    await settings.goto(chromium.extensionUrl('options.html'));
    await protectFromSettings(settings, PASSPHRASE);
    // Stopped once sealing is well under way and before it ends.
    await expect.poll(async () => (await progressIn(settings))?.done ?? 0, { timeout: 60_000, interval: 20 }).toBeGreaterThanOrEqual(500);
    await stopServiceWorker(chromium, settings);
    const cut = (await progressIn(settings))!;
    expect(cut.done, 'the worker was stopped before sealing ended').toBeLessThan(cut.total);
    // Some rows sealed, some not: the stop came in the middle.
    const cutRows = await sealedRows(settings);
    expect(cutRows.sealed > 0 && cutRows.plain > 0, JSON.stringify(cutRows)).toBe(true);

    // Any event wakes the worker (here a message from the library page, as it sends when it shows copies awaiting images).
    await library.evaluate(() => chrome.runtime.sendMessage({ samizdat: 'completeQueuedImages', request: {} }));
    await settings.waitForSelector('.protection-on', { timeout: 120_000 });
    await settings.selectOption('.auto-lock', '0');
    expect(await progressIn(settings)).toBeUndefined();
    // Every row of every table sealed, none doubled: as many as before.
    const rows = before.pages.length + before.snapshots.length + before.bodies.length + before.sightings.length + before.search.length;
    expect(await sealedRows(settings)).toEqual({ sealed: rows, plain: 0 });
    // The library still finds a page by a word of its own (its number).
    await library.reload();
    await library.fill('.search-query', '777 ');
    await expect.poll(() => library.locator('.search-results .saved-item > .saved-title').allTextContents(), { timeout: 20_000 }).toEqual([generatedArticle(777).title]);

    // Turned off again: every row opened, exactly as it was before protection.
    await settings.click('.unprotect-library');
    await settings.fill('.current-passphrase', PASSPHRASE);
    await settings.click('.confirm-unprotect');
    await settings.waitForSelector('.protect-library', { timeout: 120_000 });
    expect(await dumpLibrary(settings)).toEqual(before);
  });
});
