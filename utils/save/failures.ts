import type { CaptureRefusal } from '../capture/types';
import { t, type MessageKey } from '../i18n';

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
  | 'capture-timeout'
  | 'page-crashed'
  | 'library-busy';

const FAILURE_MESSAGES: Record<FailureCode, MessageKey> = {
  'not-an-article': 'failureNotAnArticle',
  'no-selection': 'failureNoSelection',
  pdf: 'failurePdf',
  'not-html': 'failureNotHtml',
  'browser-page': 'failureBrowserPage',
  'store-page': 'failureStorePage',
  'file-access': 'failureFileAccess',
  'no-access': 'failureNoAccess',
  'no-tab': 'failureNoTab',
  'tab-gone': 'failureTabGone',
  'storage-full': 'failureStorageFull',
  'storage-failed': 'failureStorageFailed',
  'capture-failed': 'failureCaptureFailed',
  'capture-timeout': 'failureCaptureTimeout',
  'page-crashed': 'failurePageCrashed',
  'library-busy': 'failureLibraryBusy',
};

/** The one sentence the user reads for a failure, in their language. */
export function failureMessage(code: FailureCode): string {
  return t(FAILURE_MESSAGES[code]);
}

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
