/// <reference types="chrome" />
// Callbacks passed to evaluate() run inside the browser, where the extension APIs exist.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Page as FirefoxPage } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROME_TEST_BUILD, launchChromium, stopServiceWorker, type ChromiumSession } from './helpers/chromium';
import { ARTICLES, filesUnder, foundIn, LOCKED_ARTICLES, NOTES, protectFromSettings, secrets, serveArticles, TAGS } from './helpers/protected-library';
import { saveTab, tabIdOf } from './helpers/scripted-save';
import { EXTENSION_UUID, launchFirefox, type FirefoxSession } from './helpers/firefox';
import { waitUntil } from './helpers/wait';
import { readdirSync } from 'node:fs';

/**
 * A protected library in real Chromium (issue 25), as a user turns it on: twenty articles in four
 * scripts saved with tags and notes, protection turned on in Settings, the browser closed; then
 * the extension's files read raw (none of what was saved readable), the browser started again, a
 * wrong passphrase refused, the right one opening a library that searches in every script as
 * before, and the Lock button closing every page of it within a second.
 */
const PASSPHRASE = 'correct horse battery staple violet';

describe('a protected library in real Chromium', () => {
  let site: Awaited<ReturnType<typeof serveArticles>>;
  let chromium: ChromiumSession;
  const userDataDir = mkdtempSync(join(tmpdir(), 'samizdat-protected-'));
  /** Where Chromium keeps the extension's IndexedDB databases and its storage.local. */
  const extensionFiles = () =>
    filesUnder([join(userDataDir, 'Default', 'IndexedDB'), join(userDataDir, 'Default', 'Local Extension Settings', chromium.extensionId)]);
  const launch = async () => (chromium = await launchChromium({ build: CHROME_TEST_BUILD, userDataDir }));
  let firstRecoveryKey: string;

  beforeAll(async () => {
    site = await serveArticles();
    await launch();
  });

  afterAll(async () => {
    await chromium?.close();
    await site?.close();
  });

  const openLibrary = async (): Promise<Page> => {
    const library = await chromium.context.newPage();
    await library.goto(chromium.extensionUrl('library.html'));
    return library;
  };

  it('saves twenty articles in four scripts, with tags and notes, all of it readable in the files before protection', async () => {
    const control = await openLibrary();
    for (const article of ARTICLES) {
      const url = `http://127.0.0.1:${site.port}${article.path}`;
      const tab = await chromium.context.newPage();
      await tab.goto(url);
      const result = (await saveTab(control, await tabIdOf(control, url))) as { ok: boolean; message?: string };
      expect(result, result.message).toMatchObject({ ok: true });
      await tab.close();
    }
    await control.reload();
    for (const [i, article] of ARTICLES.slice(0, 4).entries()) {
      const item = control.locator('.saved-item', { hasText: article.title });
      await item.locator('.edit-button').click();
      await item.locator('.tags-input').fill(TAGS[i]!);
      await item.locator('.note-input').fill(NOTES[i]!);
      await item.locator('button[type="submit"]').click();
      await expect.poll(() => item.locator('.tag').allTextContents()).toEqual([TAGS[i]]);
    }
    await chromium.close();
    // The check can see what it looks for: a plain library shows it.
    const seen = foundIn(extensionFiles(), secrets());
    expect(seen.length).toBeGreaterThan(secrets().length / 2);
    await launch();
  });

  it('turns protection on from Settings: the passphrase twice, the recovery key shown once, then the library sealed', async () => {
    const settings = await chromium.context.newPage();
    await settings.goto(chromium.extensionUrl('options.html'));
    firstRecoveryKey = await protectFromSettings(settings, PASSPHRASE);
    await settings.waitForSelector('.protection-on', { timeout: 60_000 });
    // Never by itself: a test machine left without input would otherwise lock it mid-test (locking
    // after an idle time is the unit tests', tests/unit/library-lock.test.ts).
    await settings.selectOption('.auto-lock', '0');
    await expect.poll(() => chromium.worker.evaluate(async () => ((await chrome.storage.local.get('protection')) as { protection: { autoLockMinutes?: number } }).protection.autoLockMinutes)).toBe(0);
    await chromium.close();
  });

  it('leaves none of the titles, addresses, words, tags or notes readable in the extension’s files after a restart', async () => {
    // Started again and closed: the database engine drops the files it no longer uses when it opens.
    await launch();
    await chromium.close();
    const files = extensionFiles();
    expect(files.length).toBeGreaterThan(0);
    expect(foundIn(files, secrets())).toEqual([]);
    await launch();
  });

  it('after a restart, is locked; refuses a wrong passphrase; opens with the right one and searches in every script as before', async () => {
    const library = await openLibrary();
    await library.waitForSelector('.locked .unlock-secret');
    expect(await library.locator('.saved-item').count()).toBe(0);
    await library.fill('.unlock-secret', 'correct horse battery staple violent');
    await library.click('.unlock-button');
    await expect.poll(() => library.textContent('.unlock-error'), { timeout: 10_000 }).toContain('does not open this library');
    await library.fill('.unlock-secret', PASSPHRASE);
    await library.click('.unlock-button');
    await library.waitForSelector('.library .saved-item', { timeout: 10_000 });
    await expect.poll(() => library.textContent('.library header .meta')).toContain('20');
    // A word of each script finds the five articles of its script, and only them; so does the
    // beginning of a word (a protected library finds prefixes in its sealed list of words).
    const found = async () => (await library.locator('.search-results .saved-item > .saved-title').allTextContents()).sort();
    for (const [query, lang] of [['Quintavalle', 'en'], ['Завьяловский', 'ru'], ['گناوه', 'fa'], ['荃湾', 'zh'], ['Завьялов', 'ru']] as const) {
      await library.fill('.search-query', query);
      const titles = ARTICLES.filter((article) => article.lang === lang).map((article) => article.title).sort();
      await expect.poll(found, { timeout: 10_000 }).toEqual(titles);
    }
    await library.fill('.search-query', ARTICLES[4]!.word);
    await expect.poll(found, { timeout: 10_000 }).toEqual([ARTICLES[4]!.title]);
    await library.fill('.search-query', '');
    const tagged = library.locator('.saved-item', { hasText: ARTICLES[1]!.title });
    await expect.poll(() => tagged.locator('.tag').allTextContents()).toEqual([TAGS[1]]);
    expect(await tagged.locator('.note').textContent()).toBe(NOTES[1]);
    await library.close();
  });

  it('locks within a second of pressing Lock: every page of the library taken down; the toolbar still saves, sealed', async () => {
    const library = await openLibrary();
    await library.waitForSelector('.library .saved-item');
    const reader = await chromium.context.newPage();
    const opened = chromium.context.waitForEvent('page');
    await library.click('.saved-item .saved-title');
    const copy = await opened;
    await copy.waitForSelector('.reader h1');
    await reader.close();
    const pressed = Date.now();
    await library.click('.lock-button');
    await Promise.all([library.waitForSelector('.locked', { timeout: 1000 }), copy.waitForSelector('.locked', { timeout: 1000 })]);
    expect(Date.now() - pressed).toBeLessThan(1000);
    expect(await library.locator('.saved-item').count()).toBe(0);
    expect(await copy.locator('.reader').count()).toBe(0);
    // The toolbar still saves while locked: the copy is kept sealed, and nothing of the library read.
    for (const article of LOCKED_ARTICLES) {
      const url = `http://127.0.0.1:${site.port}${article.path}`;
      const tab = await chromium.context.newPage();
      await tab.goto(url);
      const kept = (await saveTab(library, await tabIdOf(library, url))) as { ok: unknown; message?: string };
      expect(kept, kept.message).toMatchObject({ ok: 'locked' });
      // The worker restarted is still locked: the key was never anywhere it could read again.
      await stopServiceWorker(chromium, library);
    }
    expect(await library.locator('.saved-item').count()).toBe(0);
  });

  it('keeps what was saved while locked unreadable in the files, and takes it into the library at the unlock', async () => {
    await chromium.close();
    expect(foundIn(extensionFiles(), [...secrets(), ...secrets(LOCKED_ARTICLES)])).toEqual([]);
    await launch();
    const library = await openLibrary();
    await library.fill('.unlock-secret', PASSPHRASE);
    await library.click('.unlock-button');
    await expect.poll(() => library.textContent('.library header .meta'), { timeout: 20_000 }).toContain('22');
    for (const article of LOCKED_ARTICLES) {
      await library.fill('.search-query', article.word);
      await expect.poll(() => library.locator('.search-results .saved-item > .saved-title').allTextContents(), { timeout: 10_000 }).toEqual([article.title]);
    }
  });

  it('makes a new recovery key in Settings, after which the old one opens nothing; opened with it, the library takes a new passphrase', async () => {
    const settings = await chromium.context.newPage();
    await settings.goto(chromium.extensionUrl('options.html'));
    await settings.click('.new-recovery-key');
    await settings.fill('.current-passphrase', 'not the passphrase at all');
    await settings.click('.confirm-new-recovery-key');
    await expect.poll(() => settings.textContent('.protected-now [role="alert"]'), { timeout: 10_000 }).toContain('does not open this library');
    await settings.fill('.current-passphrase', PASSPHRASE);
    await settings.click('.confirm-new-recovery-key');
    const recoveryKey = (await settings.locator('.recovery-key').textContent({ timeout: 20_000 }))!;
    expect(recoveryKey).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){7}[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(recoveryKey).not.toBe(firstRecoveryKey);
    expect(await settings.isDisabled('.replace-recovery-key')).toBe(true);
    await settings.check('.recovery-key-written');
    await settings.click('.replace-recovery-key');
    await expect.poll(() => settings.textContent('.protected-now .ok')).toContain('The new recovery key is in use');

    // Locked: the old key is refused, the new one opens.
    await settings.click('.lock-button');
    const library = await openLibrary();
    await library.click('.use-recovery-key');
    await library.fill('.unlock-secret', firstRecoveryKey);
    await library.click('.unlock-button');
    await expect.poll(() => library.textContent('.unlock-error'), { timeout: 10_000 }).toContain('does not open this library');
    await library.fill('.unlock-secret', recoveryKey.toLowerCase());
    await library.click('.unlock-button');
    await expect.poll(() => library.textContent('.library header .meta'), { timeout: 20_000 }).toContain('22');

    // Someone who forgot the passphrase gives the recovery key as the current secret and chooses another.
    const NEW_PASSPHRASE = 'mountain ledger quietly unfolds amber';
    await settings.reload();
    await settings.click('.change-passphrase');
    await settings.fill('.current-passphrase', recoveryKey);
    await settings.fill('.change-passphrase-form .passphrase', NEW_PASSPHRASE);
    await settings.fill('.change-passphrase-form .passphrase-again', NEW_PASSPHRASE);
    await settings.click('.confirm-change');
    await expect.poll(() => settings.textContent('.protected-now .ok'), { timeout: 20_000 }).toContain('The passphrase is changed');
    await settings.click('.lock-button');
    await library.waitForSelector('.locked .unlock-secret');
    await library.fill('.unlock-secret', NEW_PASSPHRASE);
    await library.click('.unlock-button');
    await expect.poll(() => library.textContent('.library header .meta'), { timeout: 20_000 }).toContain('22');
  });
});

type Ext = { browser: typeof chrome };

describe('a protected library in real Firefox', () => {
  let site: Awaited<ReturnType<typeof serveArticles>>;
  let firefox: FirefoxSession;
  let control: FirefoxPage;
  const profileDir = mkdtempSync(join(tmpdir(), 'samizdat-protected-firefox-'));
  /** Where Firefox keeps the extension's IndexedDB databases, storage.local among them. */
  const extensionFiles = () => {
    const root = join(profileDir, 'storage', 'default');
    return filesUnder(readdirSync(root).filter((name) => name.startsWith(`moz-extension+++${EXTENSION_UUID}`)).map((name) => join(root, name)));
  };
  /** Eight of the articles, two in each script, with a tag and a note on the first of each. */
  const SAVED = ARTICLES.slice(0, 8);
  const secretsOfSaved = () => secrets().filter((secret) => !ARTICLES.slice(8).some((article) => [article.title, article.word].includes(secret) || article.canonical.endsWith(secret.split('/').pop()!)));

  beforeAll(async () => {
    site = await serveArticles();
    firefox = await launchFirefox({ profileDir });
    control = await firefox.browser.newPage();
    await firefox.openExtensionPage(control, '/library.html');
  });

  afterAll(async () => {
    await firefox?.close();
    await site?.close();
  });

  const typeInto = (page: FirefoxPage, selector: string, text: string) =>
    page.evaluate(
      (sel, value) => {
        const input = document.querySelector<HTMLInputElement>(sel)!;
        input.value = value;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      },
      selector,
      text,
    );
  /** Reload an extension page: Firefox never settles a navigation of one, so it is fired and the page waited for. */
  const reload = async (page: FirefoxPage, selector: string) => {
    await page.evaluate(() => document.body.setAttribute('data-before-reload', '1'));
    void page.evaluate(() => location.reload()).catch(() => undefined);
    await waitUntil(page, (sel) => !document.body.hasAttribute('data-before-reload') && !!document.querySelector(sel), [selector], { what: `${selector} after a reload`, timeout: 30_000 });
  };
  const click = (page: FirefoxPage, selector: string) => page.evaluate((sel) => document.querySelector<HTMLElement>(sel)!.click(), selector);
  const shown = (page: FirefoxPage, selector: string) => waitUntil(page, (sel) => !!document.querySelector(sel), [selector], { what: selector, timeout: 30_000 });

  it('saves articles in four scripts with tags and notes, readable in the files before protection', async () => {
    for (const article of SAVED) {
      const url = `http://127.0.0.1:${site.port}${article.path}`;
      const tab = await firefox.browser.newPage();
      await tab.goto(url);
      const saved = await control.evaluate(async (address) => {
        const ext = (globalThis as unknown as Ext).browser;
        const tabs = await ext.tabs.query({ url: 'http://127.0.0.1/*' });
        return ext.runtime.sendMessage({ samizdat: 'saveTab', request: { tabId: tabs.find((t) => t.url === address)?.id } });
      }, url);
      expect(saved, url).toMatchObject({ ok: true });
      await tab.close();
    }
    await reload(control, '.saved-item');
    for (const [i, article] of SAVED.slice(0, 4).entries()) {
      await control.evaluate(
        (title, tag, note) => {
          const item = [...document.querySelectorAll('.saved-item')].find((el) => el.textContent!.includes(title))!;
          item.querySelector<HTMLElement>('.edit-button')!.click();
          return new Promise<void>((resolve) =>
            setTimeout(() => {
              item.querySelector<HTMLInputElement>('.tags-input')!.value = tag;
              item.querySelector<HTMLTextAreaElement>('.note-input')!.value = note;
              item.querySelector<HTMLElement>('button[type="submit"]')!.click();
              resolve();
            }, 100),
          );
        },
        article.title,
        TAGS[i]!,
        NOTES[i]!,
      );
      await waitUntil(control, (title, tag) => [...document.querySelectorAll('.saved-item')].find((el) => el.textContent!.includes(title))?.querySelector('.tag')?.textContent === tag, [article.title, TAGS[i]!], { what: `the tag ${TAGS[i]}` });
    }
    const seen = foundIn(extensionFiles(), secretsOfSaved());
    expect(seen.length).toBeGreaterThan(secretsOfSaved().length / 2);
  });

  it('turns protection on from Settings, after which none of it is readable in the files', async () => {
    const settings = await firefox.browser.newPage();
    await firefox.openExtensionPage(settings, '/options.html');
    await shown(settings, '.protect-library');
    await click(settings, '.protect-library');
    await shown(settings, '.passphrase');
    await typeInto(settings, '.passphrase', PASSPHRASE);
    await typeInto(settings, '.passphrase-again', PASSPHRASE);
    await click(settings, '.make-protection');
    await shown(settings, '.recovery-key');
    await click(settings, '.recovery-key-written');
    await click(settings, '.start-protecting');
    await shown(settings, '.protection-on');
    // Never by itself, as in Chromium.
    await settings.evaluate(() => {
      const select = document.querySelector<HTMLSelectElement>('.auto-lock')!;
      select.value = '0';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await waitUntil(settings, async () => ((await (globalThis as unknown as Ext).browser.storage.local.get('protection')) as { protection: { autoLockMinutes?: number } }).protection.autoLockMinutes === 0, [], { what: 'never by itself' });
    await settings.close();
    const files = extensionFiles();
    expect(files.some((file) => file.endsWith('.sqlite'))).toBe(true);
    expect(foundIn(files, secretsOfSaved())).toEqual([]);
  });

  it('locks at once everywhere; refuses a wrong passphrase; opens with the right one and searches in every script', async () => {
    await reload(control, '.library .saved-item');
    const pressed = Date.now();
    await click(control, '.lock-button');
    await shown(control, '.locked .unlock-secret');
    expect(Date.now() - pressed).toBeLessThan(1000);
    expect(await control.evaluate(() => document.querySelectorAll('.saved-item').length)).toBe(0);
    // The popup of a locked library still saves the page, sealed, and shows nothing of the library.
    const locked = LOCKED_ARTICLES[0]!;
    const url = `http://127.0.0.1:${site.port}${locked.path}`;
    const tab = await firefox.browser.newPage();
    await tab.goto(url);
    const tabId = await control.evaluate(async (address) => (await (globalThis as unknown as Ext).browser.tabs.query({ url: 'http://127.0.0.1/*' })).find((t) => t.url === address)?.id, url);
    const popup = await firefox.browser.newPage();
    await firefox.openExtensionPage(popup, `/popup.html?tab=${tabId}`);
    await shown(popup, '.save-locked');
    expect(await popup.evaluate(() => document.querySelectorAll('.saved-item, .page-title').length)).toBe(0);
    await click(popup, '.save-locked');
    await waitUntil(popup, () => document.querySelector('.save-while-locked .save-result')?.textContent?.startsWith('Saved, sealed.'), [], { what: 'the sealed save' });
    await popup.close();
    await tab.close();
    await typeInto(control, '.unlock-secret', 'correct horse battery staple violent');
    await click(control, '.unlock-button');
    await waitUntil(control, () => document.querySelector('.unlock-error')?.textContent?.includes('does not open this library'), [], { what: 'the refusal' });
    await typeInto(control, '.unlock-secret', PASSPHRASE);
    await click(control, '.unlock-button');
    await shown(control, '.library .saved-item');
    // What was saved while locked is in the library too.
    for (const [query, lang] of [['Quintavalle', 'en'], ['Завьялов', 'ru'], ['گناوه', 'fa'], ['荃湾', 'zh']] as const) {
      await typeInto(control, '.search-query', query);
      const titles = [...SAVED, LOCKED_ARTICLES[0]!].filter((article) => article.lang === lang).map((article) => article.title).sort();
      await waitUntil(control, (expected) => JSON.stringify([...document.querySelectorAll('.search-results .saved-item > .saved-title')].map((el) => el.textContent).sort()) === expected, [JSON.stringify(titles)], { what: `the search for ${query}` });
    }
  });
});
