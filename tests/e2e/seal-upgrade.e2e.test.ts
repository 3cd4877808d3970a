import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './helpers/chromium';
import { launchFirefox } from './helpers/firefox';

/**
 * Schema version 9's upgrade in real browsers: the seals of a protected library's search rows'
 * words move from the rows to their own table below Dexie, with the library locked (no key), and
 * open once it is unlocked. The unit test proves it on fake-indexeddb; this proves it on each
 * browser's IndexedDB, whose upgrade transactions end at a different moment if the code is wrong.
 */
const EXPECTED = {
  version: 9,
  sealsInRowsBefore: 300,
  sealsInRowsAfter: 0,
  rowsMarkedAfter: 300,
  sealsAfter: 300,
  terms: [
    ['пскова', '北部', 'word0'],
    ['пскова', '北部', 'word149'],
    ['пскова', '北部', 'word299'],
  ],
  found: [150],
};

describe('the upgrade to schema version 9 of a locked protected library, in real browsers', () => {
  let script: string;

  beforeAll(async () => {
    // The page's code, built as the extension's is, evaluated in an extension page (its CSP allows no inline script).
    const outDir = mkdtempSync(join(tmpdir(), 'samizdat-upgrade-'));
    await build({
      configFile: false,
      logLevel: 'silent',
      publicDir: false,
      build: { outDir, target: 'chrome120', minify: false, lib: { entry: fileURLToPath(new URL('./helpers/seal-upgrade-page.ts', import.meta.url)), formats: ['iife'], name: 'sealUpgrade', fileName: () => 'page.js' } },
    });
    script = readFileSync(join(outDir, 'page.js'), 'utf8');
  });

  it('moves every seal and opens every row in Chromium', async () => {
    const chromium = await launchChromium();
    try {
      const page = await chromium.context.newPage();
      await page.goto(chromium.extensionUrl('options.html'));
      await page.evaluate(script);
      expect(await page.evaluate(() => (globalThis as unknown as { sealUpgrade: { upgradeSealedLibrary: () => Promise<unknown> } }).sealUpgrade.upgradeSealedLibrary())).toEqual(EXPECTED);
    } finally {
      await chromium.close();
    }
  });

  it('moves every seal and opens every row in Firefox', async () => {
    const firefox = await launchFirefox();
    try {
      const page = await firefox.browser.newPage();
      await firefox.openExtensionPage(page, '/options.html');
      await page.evaluate(script);
      expect(await page.evaluate(() => (globalThis as unknown as { sealUpgrade: { upgradeSealedLibrary: () => Promise<unknown> } }).sealUpgrade.upgradeSealedLibrary())).toEqual(EXPECTED);
    } finally {
      await firefox.close();
    }
  });
});
