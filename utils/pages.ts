import { browser } from 'wxt/browser';

/** Open a saved copy in the reader, in a new tab. */
export function openSavedCopy(snapshotId: string): Promise<unknown> {
  return browser.tabs.create({ url: browser.runtime.getURL(`/reader.html?snapshot=${encodeURIComponent(snapshotId)}`) });
}

export function openLibrary(): Promise<unknown> {
  return browser.tabs.create({ url: browser.runtime.getURL('/library.html') });
}
