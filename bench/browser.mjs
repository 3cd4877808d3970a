import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';

export const CHROME_BUILD = new URL('../.output/chrome-mv3', import.meta.url).pathname;

export function chromiumPath() {
  return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
}

/** The test flavour (npm run build:test-flavour): the shipped build with host access to 127.0.0.1 and *.localhost. */
export const CHROME_TEST_BUILD = new URL('../.output/chrome-mv3-test-hosts', import.meta.url).pathname;

/**
 * Debian's Chromium with the built extension, as the end-to-end tests launch it. `build` another
 * build (the watching benchmark's test flavour); `reachable` the addresses that are not refused.
 */
export async function launch({ build = CHROME_BUILD, reachable = /^(https?:\/\/127\.0\.0\.1[:/]|chrome-extension:|blob:|data:)/ } = {}) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'samizdat-bench-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: [
      `--disable-extensions-except=${build}`,
      `--load-extension=${build}`,
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--remote-debugging-port=0',
    ],
  });
  // Corpus pages name scripts, fonts and images on the web: refuse them at once, as an offline machine would.
  await context.route((url) => !reachable.test(url.href), (route) => route.abort());
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

/**
 * Processor time, in seconds, of every process of the browser under test (found by its profile
 * folder on the command line), its workers and other threads that ended included (a process that
 * ended between the two readings is not; none does during an export or import): an export or import
 * that keeps both cores busy cannot be made faster by moving work from one thread to another,
 * only by doing less. Null where /proc cannot be read.
 */
export function processorSeconds(userDataDir) {
  let ticks = 0;
  try {
    for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      try {
        if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/).includes(`--user-data-dir=${userDataDir}`)) continue;
        // utime and stime, the 14th and 15th fields, counted after the command name's closing
        // bracket (the last one: a name may hold brackets of its own).
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        ticks += Number(fields[11]) + Number(fields[12]);
      } catch {
        // A process that ended meanwhile.
      }
    }
  } catch {
    return null;
  }
  // Linux counts in clock ticks of 1/100 s (USER_HZ) on every platform the bench runs on.
  return ticks / 100;
}
