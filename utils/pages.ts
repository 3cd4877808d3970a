import { browser } from 'wxt/browser';

/** The reader's address for a saved copy: what its links point at, and what opening it opens. */
export function savedCopyUrl(snapshotId: string): string {
  return browser.runtime.getURL(`/reader.html?snapshot=${encodeURIComponent(snapshotId)}`);
}

/** The address of a page's versions and what changed between them. */
export function historyUrl(pageUrl: string): string {
  return browser.runtime.getURL(`/versions.html?page=${encodeURIComponent(pageUrl)}`);
}

/** Open the library, on a search when a query is given. */
export function openLibrary(query = ''): Promise<unknown> {
  const search = query.trim() ? `?q=${encodeURIComponent(query.trim())}` : '';
  return browser.tabs.create({ url: browser.runtime.getURL(`/library.html${search}`) });
}

/** Open the library's export panel: for one page (its copies) or for the whole library. */
export function openExport(pageUrl?: string): Promise<unknown> {
  const search = pageUrl ? `?export=page&page=${encodeURIComponent(pageUrl)}` : '?export=all';
  return browser.tabs.create({ url: browser.runtime.getURL(`/library.html${search}`) });
}
