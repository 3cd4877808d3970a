import { browser } from 'wxt/browser';

/** Open a saved copy in the reader, in a new tab. */
export function openSavedCopy(snapshotId: string): Promise<unknown> {
  return browser.tabs.create({ url: browser.runtime.getURL(`/reader.html?snapshot=${encodeURIComponent(snapshotId)}`) });
}

/** Open the library, on a search when a query is given. */
export function openLibrary(query = ''): Promise<unknown> {
  const search = query.trim() ? `?q=${encodeURIComponent(query.trim())}` : '';
  return browser.tabs.create({ url: browser.runtime.getURL(`/library.html${search}`) });
}

/** Open a page's versions and what changed between them. */
export function openHistory(pageUrl: string): Promise<unknown> {
  return browser.tabs.create({ url: browser.runtime.getURL(`/versions.html?page=${encodeURIComponent(pageUrl)}`) });
}

/** Open the library's export panel: for one page (its copies) or for the whole library. */
export function openExport(pageUrl?: string): Promise<unknown> {
  const search = pageUrl ? `?export=page&page=${encodeURIComponent(pageUrl)}` : '?export=all';
  return browser.tabs.create({ url: browser.runtime.getURL(`/library.html${search}`) });
}
