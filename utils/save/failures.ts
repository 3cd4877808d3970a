import type { CaptureRefusal } from '../capture/types';

/** Every way a save can fail, each with the one sentence the user reads. Nothing is written on any of them. */
export type FailureCode =
  | CaptureRefusal
  | 'browser-page'
  | 'store-page'
  | 'file-access'
  | 'no-access'
  | 'no-tab'
  | 'tab-gone'
  | 'storage-full'
  | 'storage-failed'
  | 'capture-failed'
  | 'capture-timeout';

export const FAILURE_MESSAGES: Record<FailureCode, string> = {
  'not-an-article': 'No article was found on this page, so nothing was saved. You can save the whole page instead.',
  'no-selection': 'Nothing is selected on this page. Select the text to keep, then choose “Save selection” again.',
  pdf: 'This is a PDF document. Samizdat saves web articles; save the PDF with the browser’s own download instead.',
  'not-html': 'This tab shows a file, not a web page, so there is no article to save.',
  'browser-page': 'This is one of the browser’s own pages. Browsers do not let extensions read them, so it cannot be saved.',
  'store-page': 'Browsers do not let extensions read their add-on stores, so this page cannot be saved.',
  'file-access': 'Samizdat may not read files on this computer. To save one, allow “Access to file URLs” for Samizdat in the browser’s extension settings.',
  'no-access': 'Samizdat may not read this tab. Click its toolbar button, use its shortcut or its menu item on the page you want to save.',
  'no-tab': 'There is no tab to save.',
  'tab-gone': 'The tab was closed or went to another page while it was being saved. Nothing was saved; open the article again and retry.',
  'storage-full': 'There is no space left to save this article (the disk or the browser’s storage is full). Nothing was saved and your library is unchanged.',
  'storage-failed': 'The library could not be written, so nothing was saved and your library is unchanged. Try again; if it keeps failing, restart the browser.',
  'capture-failed': 'This page could not be read as an article. Nothing was saved.',
  'capture-timeout': 'Reading this page took too long (over a minute), so Samizdat stopped waiting. Nothing was saved. The page may be too large; try selecting the part you need and choosing “Save selection”.',
};

const STORE_HOSTS = ['chrome.google.com', 'chromewebstore.google.com', 'addons.mozilla.org', 'microsoftedge.microsoft.com', 'addons.opera.com'];

/** Pages that no extension may script, known from their address alone, before trying. */
export function refusalForUrl(url: string | undefined): FailureCode | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'browser-page';
  }
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') {
    const host = parsed.hostname;
    const storePath = host === 'chrome.google.com' ? parsed.pathname.startsWith('/webstore') : true;
    return STORE_HOSTS.includes(host) && storePath ? 'store-page' : null;
  }
  if (parsed.protocol === 'file:') return null;
  return 'browser-page';
}

/** What the browser's own error from scripting.executeScript means for the user. */
export function failureFromScriptingError(error: unknown): FailureCode {
  const message = String((error as Error)?.message ?? error);
  const rules: Array<[RegExp, FailureCode]> = [
    [/file:\/\/|file url/i, 'file-access'],
    [/gallery|web ?store|addons\.mozilla/i, 'store-page'],
    [/No tab with id|tab was closed|Invalid tab ID|Frame with ID \d+ (?:was removed|is showing error page)|No frame with id|unloaded|destroyed|navigated/i, 'tab-gone'],
    [/Missing host permission|Cannot access contents of the page|must request permission/i, 'no-access'],
    [/chrome:\/\/|edge:\/\/|about:|view-source|chrome-extension:|moz-extension:|cannot be scripted|privileged/i, 'browser-page'],
  ];
  return rules.find(([pattern]) => pattern.test(message))?.[1] ?? 'capture-failed';
}

/** What a database error means for the user. */
export function failureFromStorageError(error: unknown): FailureCode {
  const seen = new Set<unknown>();
  for (let e = error as { name?: string; inner?: unknown; message?: string } | undefined; e && !seen.has(e); e = e.inner as typeof e) {
    seen.add(e);
    if (e.name === 'QuotaExceededError' || /quota|disk full|no space/i.test(e.message ?? '')) return 'storage-full';
  }
  return 'storage-failed';
}
