// `npm start`: build the extension, serve a sample article on 127.0.0.1, and open a browser with
// Samizdat loaded on it. Where there is no display (a server, a container), say exactly how to
// load the built folder by hand instead. Ctrl+C stops everything.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SEED = fileURLToPath(new URL('./sample-site/', import.meta.url));
const PAGES = fileURLToPath(new URL('../tests/fixtures/pages/', import.meta.url));
const CHROME_BUILD = `${ROOT}.output/chrome-mv3`;
const FIREFOX_BUILD = `${ROOT}.output/firefox-mv2`;
const PROFILE = `${ROOT}.output/start-profile`;

function run(command, args) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function findBrowser() {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
    if (found) return found;
  }
  return null;
}

run('npx', ['wxt', 'build']);
run('npx', ['wxt', 'build', '-b', 'firefox']);

const SAMPLE_SITE = {
  '/2022/04/07/paratroopers.html': `${SEED}article.html`,
  '/2022/04/07/paratroopers-edited.html': `${SEED}article-edited.html`,
  '/logo.png': `${SEED}logo.png`,
  '/paratroopers.png': `${SEED}paratroopers.png`,
  '/news/photo-report.html': `${PAGES}photo-report.html`,
  '/photo.png': `${PAGES}photo.png`,
};
// Port 8787 unless PORT says otherwise; if it is taken, any free port (the address is printed).
const site = await serve(SAMPLE_SITE, Number(process.env.PORT ?? 8787)).catch(() => serve(SAMPLE_SITE, 0));
const article = `${site.url}/2022/04/07/paratroopers.html`;

const manual = `
Load Samizdat by hand:
  Chrome or Chromium: open chrome://extensions, turn on "Developer mode", click "Load unpacked"
                      and choose ${CHROME_BUILD}
  Firefox:            open about:debugging#/runtime/this-firefox, click "Load Temporary Add-on…"
                      and choose ${FIREFOX_BUILD}/manifest.json
Then open the sample article, click Samizdat's toolbar button (or press Alt+Shift+S) and press Save:
  ${article}
  (a quietly edited version of it: ${site.url}/2022/04/07/paratroopers-edited.html)
Press Ctrl+C here to stop the sample site.`;

const browser = findBrowser();
const hasDisplay = process.platform === 'darwin' || process.platform === 'win32' || process.env.DISPLAY || process.env.WAYLAND_DISPLAY;
if (!browser || !hasDisplay) {
  console.log(browser ? '\nNo display here, so no browser window can open.' : '\nNo Chromium found (apt-get install chromium).');
  console.log(manual);
} else {
  mkdirSync(PROFILE, { recursive: true });
  console.log(`\nOpening ${browser} with Samizdat loaded, on ${article}`);
  console.log(`Your test library lives in ${PROFILE}. ${manual}`);
  const child = spawn(browser, [
    `--user-data-dir=${PROFILE}`,
    `--disable-extensions-except=${CHROME_BUILD}`,
    `--load-extension=${CHROME_BUILD}`,
    '--no-first-run',
    '--no-default-browser-check',
    article,
  ], { stdio: 'ignore' });
  child.on('exit', () => site.close().then(() => process.exit(0)));
}
process.on('SIGINT', () => site.close().then(() => process.exit(0)));
