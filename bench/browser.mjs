import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';

export const CHROME_BUILD = new URL('../.output/chrome-mv3', import.meta.url).pathname;

export function chromiumPath() {
  return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
}

/** Debian's Chromium with the built extension, as the end-to-end tests launch it. */
export async function launch() {
  const userDataDir = mkdtempSync(join(tmpdir(), 'samizdat-bench-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: [
      `--disable-extensions-except=${CHROME_BUILD}`,
      `--load-extension=${CHROME_BUILD}`,
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--remote-debugging-port=0',
    ],
  });
  // Corpus pages name scripts, fonts and images on the web: refuse them at once, as an offline machine would.
  await context.route((url) => !/^(https?:\/\/127\.0\.0\.1[:/]|chrome-extension:|blob:|data:)/.test(url.href), (route) => route.abort());
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  const [port, path] = readFileSync(join(userDataDir, 'DevToolsActivePort'), 'utf8').split('\n');
  const pptr = await puppeteer.connect({ browserWSEndpoint: `ws://127.0.0.1:${port}${path}`, defaultViewport: null });
  const cdp = await context.browser().newBrowserCDPSession();
  const popupUrl = `chrome-extension://${extensionId}/popup.html`;
  return {
    context,
    worker,
    userDataDir,
    extensionUrl: (p) => `chrome-extension://${extensionId}/${p}`,
    version: context.browser().version(),
    /** The real toolbar click (activeTab); resolves to the popup page (puppeteer). */
    async clickToolbar(page) {
      await page.bringToFront();
      const known = new Set(pptr.targets().filter((t) => t.url() === popupUrl));
      const { targetInfos } = await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] });
      const tab = targetInfos.find((info) => info.url === page.url());
      await cdp.send('Extensions.triggerAction', { id: extensionId, targetId: tab.targetId });
      const target = await pptr.waitForTarget((t) => t.url() === popupUrl && !known.has(t), { timeout: 20_000 });
      return target.asPage();
    },
    async close() {
      await pptr.disconnect();
      await context.close();
      // A 10,000-page profile takes more than a gigabyte: never leave one behind.
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
