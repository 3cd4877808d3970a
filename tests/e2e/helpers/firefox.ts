import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { binary } from './binaries';

/**
 * The test-only Firefox build (SAMIZDAT_TEST_HOSTS=1): Firefox cannot simulate the toolbar click
 * that grants activeTab, so this flavour may script 127.0.0.1. The shipped build never can.
 */
export const FIREFOX_TEST_BUILD = fileURLToPath(new URL('../../../.output/firefox-mv2-test-hosts', import.meta.url));
export const GECKO_ID = 'samizdat@samizdat.invalid';
/** Fixed, so that extension page URLs are known before installing. */
export const EXTENSION_UUID = '6a3f4c2e-1b2d-4e5f-8a9b-0c1d2e3f4a5b';

export interface FirefoxSession {
  browser: Browser;
  extensionUrl: (path: string) => string;
  /** Navigate to a moz-extension page: fired, not awaited (it never settles), then polled. */
  openExtensionPage: (page: Page, path: string) => Promise<void>;
  /** The open tab whose address starts with this extension path (Firefox reports stale URLs, so ask each page). */
  findExtensionPage: (pathPrefix: string) => Promise<Page>;
  close: () => Promise<void>;
}

/**
 * Firefox with the test build installed; downloads go to `downloadDir` without asking, when given.
 * `acceptPermissionPrompts`: an optional permission asked for is granted as if the user pressed
 * Allow in its prompt (Firefox's own preference for this; the request still needs a click).
 */
export async function launchFirefox(options: { downloadDir?: string; acceptPermissionPrompts?: boolean; profileDir?: string } = {}): Promise<FirefoxSession> {
  const downloads = options.downloadDir
    ? { 'browser.download.dir': options.downloadDir, 'browser.download.folderList': 2, 'browser.download.useDownloadDir': true, 'browser.download.always_ask_before_handling_new_types': false }
    : {};
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: binary('firefox-esr'),
    headless: true,
    args: ['--remote-allow-system-access'],
    // A profile the test reads the files of (the protected library's test); a fresh temporary one otherwise.
    ...(options.profileDir ? { userDataDir: options.profileDir } : {}),
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
      ...downloads,
      ...(options.acceptPermissionPrompts ? { 'extensions.webextOptionalPermissionPrompts': false } : {}),
    },
  });
  await browser.installExtension(FIREFOX_TEST_BUILD);
  const extensionUrl = (path: string) => `moz-extension://${EXTENSION_UUID}/${path.replace(/^\//, '')}`;
  const openExtensionPage = async (page: Page, path: string) => {
    const url = extensionUrl(path);
    void page.goto(url).catch(() => {});
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const href = await page.evaluate(() => location.href).catch(() => '');
      if (href === url) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`Firefox never opened ${url}`);
  };
  const findExtensionPage = async (pathPrefix: string) => {
    const prefix = extensionUrl(pathPrefix);
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      for (const page of await browser.pages()) {
        const href = await page.evaluate(() => location.href).catch(() => '');
        if (href.startsWith(prefix)) return page;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`Firefox never opened ${prefix}`);
  };
  return { browser, extensionUrl, openExtensionPage, findExtensionPage, close: () => browser.close() };
}
