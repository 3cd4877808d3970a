import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Frame, type Request } from 'playwright-core';
import { serve, type Served } from '../../../scripts/serve.mjs';
import { binary } from './binaries';
import { QUIET_CHROMIUM } from './chromium';

/**
 * ReplayWeb.page 2.5.3 as published on npm (tests/fixtures/replaywebpage/README.md): the app a
 * reader of our WACZ files is most likely to open them with.
 */
const APP = fileURLToPath(new URL('../../fixtures/replaywebpage/', import.meta.url));

export interface ReplayOptions {
  /** The WACZ file's bytes. */
  wacz: Uint8Array;
  /** The archived page to show, as it was captured (http://news.example.localhost/story). */
  pageUrl: string;
  /** The capture to show, 14 digits (YYYYMMDDhhmmss); the newest capture of pageUrl if left out. */
  timestamp?: string;
  /** For the whole replay, every stage included; 60 s unless told. */
  timeoutMs?: number;
}

export interface ReplayedImage {
  /** As the replayed page sees it: ReplayWeb.page's script in the page reports the archived address. */
  src: string;
  /** complete && naturalWidth > 0: the picture came out of the archive and decoded. */
  loaded: boolean;
  naturalWidth: number;
}

export interface ReplayResult {
  /**
   * The HTTP status ReplayWeb.page's service worker answered the page with: 200 (or the archived
   * status) when the archive holds it, 404 when it does not. A file that is not a WACZ at all
   * loads without complaint and every page of it is a 404 ("Archived Page Not Found").
   */
  status: number;
  /** The capture shown (14 digits): ReplayWeb.page shows the nearest one to the timestamp asked for. */
  replayedTimestamp: string | null;
  /** The text of the replayed page's first <h1>, trimmed; null if it has none. */
  headline: string | null;
  /** document.body.innerText of the replayed page. */
  text: string;
  images: ReplayedImage[];
  /** Every URL the browser requested, from the pages, their workers and ReplayWeb.page's service worker, in order. */
  requests: string[];
  /** Every path the local server was asked for (the app, its service worker, the archive, pages the worker let through). */
  served: string[];
  /** The address of the frame the page was replayed in (http://127.0.0.1:PORT/w/<collection>/<ts>mp_/<pageUrl>). */
  frameUrl: string;
  /** How long the replay took, from launching the browser to reading the page. */
  elapsedMs: number;
}

/**
 * Open a WACZ in the real ReplayWeb.page app, in headless Chromium, with no network but
 * 127.0.0.1, and read the replayed page: its headline, text and images, and every request made.
 *
 * The app is served from 127.0.0.1 (a secure context, so its service worker may run) as
 * `index.html?source=<the archive>&embed=replayonly#url=<pageUrl>&ts=<timestamp>`: the embed mode
 * shows the replayed page alone, and, unlike the full app, does not ask the service worker to
 * inject Ruffle (ruffle/ruffle.js, which the npm package does not ship) into every page.
 */
export async function replayArchive(options: ReplayOptions): Promise<ReplayResult> {
  const { wacz, pageUrl, timestamp } = options;
  if (timestamp !== undefined && !/^\d{14}$/.test(timestamp)) throw new Error(`replayArchive: timestamp must be 14 digits, not ${JSON.stringify(timestamp)}`);
  const timeout = options.timeoutMs ?? 60_000;
  const started = Date.now();
  const deadline = started + timeout;
  const passed: string[] = [];
  const consoleLines: string[] = [];
  const requests: string[] = [];
  const seen = new WeakSet<Request>();
  let server: Served | undefined;
  let browser: Browser | undefined;

  const record = (request: Request) => {
    if (seen.has(request)) return;
    seen.add(request);
    requests.push(request.url());
  };

  /** Ask `check` every 100 ms until it answers something truthy; fail naming the stage if the deadline passes first. */
  const until = async <T>(stage: string, check: () => Promise<T | undefined | null | false> | T | undefined | null | false): Promise<T> => {
    let last: unknown;
    for (;;) {
      try {
        const value = await check();
        if (value) {
          passed.push(stage);
          return value;
        }
      } catch (error) {
        // A frame that is navigating or being replaced answers nothing for a moment.
        last = error;
      }
      if (Date.now() > deadline) {
        throw new Error(
          [
            `replayArchive: stuck after ${Date.now() - started} ms waiting for ${stage}`,
            `stages passed: ${passed.join(' → ') || 'none'}`,
            last ? `last error: ${String(last)}` : '',
            `served: ${server?.requests.join(' ') ?? '(not started)'}`,
            `console: ${consoleLines.slice(-10).join(' | ') || '(nothing)'}`,
          ]
            .filter(Boolean)
            .join('\n  '),
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  try {
    server = await serve({
      '/': `${APP}index.html`,
      '/index.html': `${APP}index.html`,
      '/ui.js': `${APP}ui.js.gz`,
      // Registered as sw.js?serveIndex=1 with scope ./ : the path alone picks the route, and the
      // scope is the folder the script is in, so no Service-Worker-Allowed header is needed.
      '/sw.js': `${APP}sw.js.gz`,
      // ReplayWeb.page reads the archive's size from Content-Length (HEAD, then GET with
      // Range: bytes=0-) and refuses it without ("the size of the file is not accessible");
      // a `file` or `body` route is sent chunked, with none, so this route names it. Without
      // Accept-Ranges the whole file is read into memory at once, which suits a small archive.
      '/archive.wacz': { respond: () => ({ headers: { 'content-type': 'application/wacz', 'content-length': String(wacz.byteLength) }, body: wacz }) },
    });
    const served = server;
    const source = `${served.url}/archive.wacz`;
    const hash = new URLSearchParams({ url: pageUrl, ...(timestamp ? { ts: timestamp } : {}) });
    const appUrl = `${served.url}/index.html?${new URLSearchParams({ source, embed: 'replayonly' })}#${hash}`;

    browser = await chromium.launch({
      executablePath: binary('chromium'),
      headless: true,
      args: [
        ...QUIET_CHROMIUM,
        // As in chromium.ts: nothing but 127.0.0.1 resolves, so a request meant for the archived
        // site (or anywhere else) still starts, and is recorded, but fails at once.
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
      ],
    });
    const context = await browser.newContext();
    // The context sees its pages', their workers' and service workers' requests; the page's own
    // listener is belt and braces (a request is recorded once).
    context.on('request', record);
    const page = await context.newPage();
    page.on('request', record);
    page.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => consoleLines.push(`pageerror: ${error.message}`));

    await page.goto(appUrl, { waitUntil: 'domcontentloaded', timeout: Math.max(1, deadline - Date.now()) });
    passed.push('the app page');

    await until('the app to start (replay-app-main defined, its service worker in control)', () =>
      page.evaluate(() => Boolean(customElements.get('replay-app-main') && navigator.serviceWorker?.controller)),
    );
    await until('the app to fetch the archive (/archive.wacz)', () => served.requests.includes('/archive.wacz'));
    const frame = await until<Frame>(`a frame replaying ${pageUrl} (URL with /w/ … mp_/${pageUrl})`, () =>
      page.frames().find((f) => {
        const url = f.url();
        return url.startsWith(`${served.url}/w/`) && url.includes(`mp_/${pageUrl}`);
      }),
    );
    await until('the replayed page to finish loading (document complete, every image complete)', () =>
      frame.evaluate(() => document.readyState === 'complete' && Array.from(document.images).every((image) => image.complete)),
    );
    const read = await frame.evaluate(() => ({
      status: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.responseStatus ?? 0,
      headline: document.querySelector('h1')?.textContent?.trim() ?? null,
      text: document.body?.innerText ?? '',
      images: Array.from(document.images).map((image) => ({
        src: image.src,
        loaded: image.complete && image.naturalWidth > 0,
        naturalWidth: image.naturalWidth,
      })),
    }));
    const replayedTimestamp = /\/(\d{14})mp_\//.exec(frame.url())?.[1] ?? null;
    return { ...read, replayedTimestamp, requests: [...requests], served: [...served.requests], frameUrl: frame.url(), elapsedMs: Date.now() - started };
  } finally {
    await browser?.close().catch(() => {});
    await server?.close();
  }
}
