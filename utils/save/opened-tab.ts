type OpenedTab = { id?: number; url?: string };
type UpdateListener<T> = (tabId: number, change: { status?: string }, tab: T) => void;

/** The part of `browser.tabs` that opening a page for "Open and save" needs. */
export interface TabOpener<T extends OpenedTab> {
  create(options: { url: string; active: boolean }): Promise<T>;
  get(tabId: number): Promise<T>;
  onUpdated: {
    addListener(listener: UpdateListener<T>): void;
    removeListener(listener: UpdateListener<T>): void;
  };
}

/**
 * A new tab on an address, once its page has loaded (or after `limitMs`, whatever it has then):
 * for "Open and save" of a page that only scripts build.
 *
 * Only the tab's own events say so, and the listener goes on before the tab is made: a page served
 * fast can finish loading before `create` answers, and a listener added after that waited the whole
 * minute (CI saw it once). The tab's status is not asked: Firefox answers "complete", with no
 * address, for a tab made a moment ago that has not started loading yet.
 */
export async function openedTab<T extends OpenedTab>(
  tabs: TabOpener<T>,
  url: string,
  limitMs = 60_000,
): Promise<T | undefined> {
  const completed = new Set<number>();
  let tabId: number | undefined;
  let loaded: (() => void) | undefined;
  const listener: UpdateListener<T> = (id, change, tab) => {
    // Not the blank document a new tab starts with, whatever a browser reports of that one.
    // (Without access to the site the address is not given.)
    if (change.status !== 'complete' || tab.url === 'about:blank') return;
    completed.add(id);
    if (id === tabId) loaded?.();
  };
  tabs.onUpdated.addListener(listener);
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const tab = await tabs.create({ url, active: true });
    if (tab.id === undefined) return undefined;
    const id = tab.id;
    tabId = id;
    if (!completed.has(id)) {
      await new Promise<void>((resolve) => {
        loaded = resolve;
        timer = setTimeout(resolve, limitMs);
      });
    }
    return await tabs.get(id);
  } catch {
    // The tab was closed (or never made): there is nothing to save.
    return undefined;
  } finally {
    clearTimeout(timer);
    tabs.onUpdated.removeListener(listener);
  }
}
