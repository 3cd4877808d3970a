import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type CDPSession, type Page, type Worker } from 'playwright-core';
import puppeteer, { type Browser as PuppeteerBrowser, type Page as PuppeteerPage } from 'puppeteer-core';
import { binary } from './binaries';

/** How every test launches Chromium: no sandbox (CI runs as root), no GPU, and no traffic of its own. */
export const QUIET_CHROMIUM = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const CHROME_BUILD = fileURLToPath(new URL('../../../.output/chrome-mv3', import.meta.url));
/**
 * The test flavour (npm run build:test-flavour): the shipped build plus host access to 127.0.0.1,
 * for tests that save hundreds of pages from a script rather than by a toolbar click each.
 */
export const CHROME_TEST_BUILD = fileURLToPath(new URL('../../../.output/chrome-mv3-test-hosts', import.meta.url));

export interface ChromiumSession {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  userDataDir: string;
  /** Press the toolbar button on the tab showing `page`, as a user does; returns the real popup. */
  clickToolbar: (page: Page) => Promise<PuppeteerPage>;
  extensionUrl: (path: string) => string;
  close: () => Promise<void>;
}

/**
 * Debian's Chromium with the built extension loaded. Playwright drives tabs; the popup is not a
 * tab, so a second CDP client (puppeteer-core) attaches to it through the same browser.
 */
export interface ChromiumOptions {
  userDataDir?: string;
  headless?: boolean;
  /**
   * The browser's UI language, as a locale folder names it ("ru", "zh_CN"): what
   * chrome.i18n.getUILanguage() says and which messages the extension shows. English unless a
   * test asks, since the other tests read English sentences. Linux Chromium takes its UI
   * language from the LANGUAGE environment variable, not from --lang (Windows only), so both
   * are set: --lang also reaches the renderers.
   */
  lang?: string;
  /** More command-line switches. */
  args?: string[];
  /** The unpacked extension to load: the shipped build unless a test needs the test flavour. */
  build?: string;
}

export async function launchChromium(options: ChromiumOptions = {}): Promise<ChromiumSession> {
  const build = options.build ?? CHROME_BUILD;
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'samizdat-chromium-'));
  const lang = (options.lang ?? 'en-US').replace('_', '-');
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: binary('chromium'),
    headless: options.headless ?? true,
    env: { ...process.env, LANGUAGE: lang.replace('-', '_') },
    locale: lang,
    args: [
      `--lang=${lang}`,
      ...(options.args ?? []),
      `--disable-extensions-except=${build}`,
      `--load-extension=${build}`,
      ...QUIET_CHROMIUM,
      '--remote-debugging-port=0',
      // As offline as CI is, and as fast to say so: only the test sites resolve. Corpus pages name
      // scripts and fonts on the web, and Chromium's own resolver took about 20 s to give up on
      // some of them, so one such page took 21 s to load here (1 s with this rule) and a test
      // timed out. A request to any other host still starts, and fails at once, so the tests that
      // watch for requests still see every attempt.
      // Names under .localhost are the loopback too: the watching tests' several sites.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost, EXCLUDE *.localhost',
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  const [port, path] = readFileSync(join(userDataDir, 'DevToolsActivePort'), 'utf8').split('\n');
  const pptr: PuppeteerBrowser = await puppeteer.connect({ browserWSEndpoint: `ws://127.0.0.1:${port}${path}`, defaultViewport: null });
  const cdp: CDPSession = await context.browser()!.newBrowserCDPSession();
  const popupUrl = `chrome-extension://${extensionId}/popup.html`;

  const clickToolbar = async (page: Page): Promise<PuppeteerPage> => {
    // A crashed tab cannot be brought to the front by the driver; a user clicks the button on it all the same.
    await page.bringToFront().catch((error: Error) => {
      if (!/crashed/i.test(error.message)) throw error;
    });
    const known = new Set(pptr.targets().filter((t) => t.url() === popupUrl));
    const { targetInfos } = await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] });
    const tab = targetInfos.find((info) => info.url === page.url());
    if (!tab) throw new Error(`no tab target shows ${page.url()}`);
    await cdp.send('Extensions.triggerAction', { id: extensionId, targetId: tab.targetId });
    const target = await pptr.waitForTarget((t) => t.url() === popupUrl && !known.has(t), { timeout: 10_000 });
    const popup = (await target.asPage())!;
    await popup.waitForSelector('.state');
    return popup;
  };

  return {
    context,
    worker,
    extensionId,
    userDataDir,
    clickToolbar,
    extensionUrl: (p) => `chrome-extension://${extensionId}/${p.replace(/^\//, '')}`,
    close: async () => {
      await pptr.disconnect();
      await context.close();
    },
  };
}

/** Stop the extension's service worker, as the browser does when it is idle or under pressure (CDP, through any page). */
export async function stopServiceWorker(browser: ChromiumSession, through: Page): Promise<void> {
  const cdp = await browser.context.newCDPSession(through);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
}

/** Open the library and, from it, the newest saved page's copy, as a user clicks; returns both tabs. */
export async function openNewestCopy(browser: ChromiumSession): Promise<{ library: Page; reader: Page }> {
  const library = await browser.context.newPage();
  await library.goto(browser.extensionUrl('library.html'));
  const opened = browser.context.waitForEvent('page');
  await library.click('.saved-item .saved-title');
  const reader = await opened;
  await reader.waitForSelector('.reader h1');
  return { library, reader };
}
