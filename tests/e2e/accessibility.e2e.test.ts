/// <reference types="chrome" />
// Callbacks passed to evaluate() run inside the browser, where axe and the extension APIs exist.
import axeCore from 'axe-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Page as PuppeteerPage } from 'puppeteer-core';
import { launchChromium, openNewestCopy, type ChromiumSession } from './helpers/chromium';
import { popupState } from './helpers/popup';
import { PATHS, startSite, type Site } from './helpers/site';

declare const axe: typeof axeCore;

const TITLE = '60 Russian Paratroopers Refuse to Fight In Ukraine — Reports';
/** WCAG 2.1, levels A and AA: what the issue promises, no more (axe's best practices are not rules). */
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface Violation {
  rule: string;
  help: string;
  where: string[];
}

/**
 * axe-core's violations on a page. axe is evaluated through the DevTools protocol (both drivers'
 * evaluate() are Runtime.evaluate), which the page's CSP does not govern: a <script> tag would be
 * refused by script-src 'self', as any script not shipped in the extension must be.
 */
async function violations(page: Page | PuppeteerPage): Promise<Violation[]> {
  // Both drivers' evaluate() take a string or a function and its argument alike.
  const run = page as Page;
  await run.evaluate(axeCore.source);
  return run.evaluate(async (tags: string[]) => {
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ rule: v.id, help: v.help, where: v.nodes.map((n) => n.target.join(' ')) }));
  }, WCAG_21_AA);
}

/** Check a page in the system's light theme, then in its dark theme: both must hold AA contrast. */
async function inBothThemes(page: Page | PuppeteerPage): Promise<Record<'light' | 'dark', Violation[]>> {
  const found = {} as Record<'light' | 'dark', Violation[]>;
  for (const scheme of ['light', 'dark'] as const) {
    if ('emulateMediaFeatures' in page) await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
    else await page.emulateMedia({ colorScheme: scheme });
    found[scheme] = await violations(page);
  }
  return found;
}

const NONE = { light: [], dark: [] };

describe('Samizdat with the keyboard alone, and for screen readers', () => {
  let site: Site;
  let browser: ChromiumSession;
  let tab: Page;

  beforeAll(async () => {
    site = await startSite();
    browser = await launchChromium();
    tab = browser.context.pages()[0] ?? (await browser.context.newPage());
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  /** What has the keyboard's focus: its class and its text. */
  const focused = (page: Page | PuppeteerPage) =>
    (page as Page).evaluate(() => ({ class: document.activeElement?.className ?? '', text: document.activeElement?.textContent?.trim() ?? '' }));

  it('saves an article and finds it in the library without a mouse', async () => {
    await tab.goto(site.url + PATHS.seed);
    const popup = await browser.clickToolbar(tab);
    await popupState(popup);
    // Save has the focus from the start: Enter saves.
    expect((await focused(popup)).class).toBe('save-button');
    await popup.keyboard.press('Enter');
    await popup.waitForSelector('.save-result.ok', { timeout: 15_000 });
    expect(await popup.$eval('.save-result', (el) => [el.getAttribute('role'), el.textContent])).toEqual(['status', expect.stringContaining(`Saved “${TITLE}”.`)]);

    // "Open library" is one step back from Save.
    await popup.keyboard.down('Shift');
    await popup.keyboard.press('Tab');
    await popup.keyboard.up('Shift');
    expect((await focused(popup)).text).toBe('Open library');
    const opened = browser.context.waitForEvent('page');
    // The popup closes itself once it has opened the library, sometimes before the key is answered.
    await popup.keyboard.press('Enter').catch((error: Error) => {
      if (!/Target closed|detached/i.test(error.message)) throw error;
    });
    const library = await opened;
    await library.waitForSelector('.saved-list');

    // The search box has the focus: type, then Tab to the page found and open it with Enter.
    expect((await focused(library)).class).toBe('search-query');
    await library.keyboard.type('paratroopers');
    await library.waitForSelector('.search-results');
    let reached = false;
    for (let presses = 0; presses < 40 && !reached; presses++) {
      await library.keyboard.press('Tab');
      const now = await focused(library);
      reached = now.text === TITLE && now.class.includes('saved-title');
    }
    expect(reached).toBe(true);
    // Where the focus is can be seen.
    expect(await library.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).not.toBe('none');
    const reading = browser.context.waitForEvent('page');
    await library.keyboard.press('Enter');
    const reader = await reading;
    await reader.waitForSelector('.reader h1');
    expect(await reader.textContent('.reader h1')).toBe(TITLE);
    await reader.close();
    await library.close();
  });

  it('closes the export and import panels with Escape, giving the focus back to their buttons', async () => {
    const library = await browser.context.newPage();
    await library.goto(browser.extensionUrl('library.html'));
    await library.waitForSelector('.saved-list');
    for (const [opener, panel] of [['.open-export', '.export-panel'], ['.open-import', '.import-panel']] as const) {
      await library.focus(opener);
      await library.keyboard.press('Enter');
      await library.waitForSelector(panel);
      // The panel's heading takes the focus, so a screen reader says where it is.
      expect(await library.evaluate(() => document.activeElement?.tagName)).toBe('H2');
      await library.keyboard.press('Escape');
      await library.waitForSelector(panel, { state: 'detached' });
      expect((await focused(library)).class).toBe(opener.slice(1));
    }
    await library.close();
  });

  it('has no WCAG 2.1 A or AA violation in the popup, in either theme', async () => {
    await tab.goto(site.url + PATHS.seed);
    const popup = await browser.clickToolbar(tab);
    await popupState(popup);
    await popup.waitForSelector('.saved-list');
    expect(await inBothThemes(popup)).toEqual(NONE);
    await popup.close().catch(() => {});
  });

  it('has no WCAG 2.1 A or AA violation in the library with a saved page, in either theme', async () => {
    const library = await browser.context.newPage();
    await library.goto(browser.extensionUrl('library.html'));
    await library.waitForSelector('.saved-list');
    expect(await inBothThemes(library)).toEqual(NONE);
    // Nor with a page's tags form and exports open.
    await library.click('.edit-button');
    await library.click('.page-export-button');
    // The copy's export buttons are loaded when asked for: check them once they are there.
    await library.waitForSelector('.copy-exports');
    expect(await inBothThemes(library)).toEqual(NONE);
    // Nor with the export panel asking for a passphrase, rated, and an encrypted file waiting for one.
    await library.click('.open-export');
    await library.check('.export-panel .encrypt-choice');
    await library.fill('.export-panel .passphrase', 'short');
    await library.waitForSelector('.export-panel .passphrase-strength');
    expect(await inBothThemes(library)).toEqual(NONE);
    await library.close();
  });

  it('has no WCAG 2.1 A or AA violation in the reader, in either theme', async () => {
    const { library, reader } = await openNewestCopy(browser);
    await reader.waitForLoadState('networkidle');
    expect(await inBothThemes(reader)).toEqual(NONE);
    await reader.close();
    await library.close();
  });

  it('has no WCAG 2.1 A or AA violation in the settings, in either theme', async () => {
    const settings = await browser.context.newPage();
    await settings.goto(browser.extensionUrl('options.html'));
    await settings.waitForSelector('.key-fingerprint');
    expect(await inBothThemes(settings)).toEqual(NONE);
    await settings.close();
  });
});
