import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openedTab, type TabOpener } from '../../utils/save/opened-tab';

type Tab = { id?: number; status?: string; url?: string };
type Listener = (tabId: number, change: { status?: string }, tab: Tab) => void;

/** A browser's tabs, whose one page loads when the test says, before or after `create` answers. */
function fakeTabs(order: 'loads-before-create-answers' | 'loads-after') {
  const listeners = new Set<Listener>();
  const tab: Tab = { id: 7, status: 'complete' };
  const load = () => {
    // A new tab's blank document reported complete first, then the page's.
    for (const listener of listeners) listener(7, { status: 'complete' }, { ...tab, status: 'complete', url: 'about:blank' });
    Object.assign(tab, { status: 'loading', url: 'http://news.localhost/a' });
    for (const listener of listeners) listener(7, { status: 'loading' }, { ...tab });
    Object.assign(tab, { status: 'complete' });
    for (const listener of listeners) listener(7, { status: 'complete' }, { ...tab });
  };
  const tabs: TabOpener<Tab> = {
    create: async () => {
      if (order === 'loads-before-create-answers') load();
      // What Firefox answers for a tab made a moment ago: "complete", and no address yet.
      return { id: 7, status: 'complete' };
    },
    get: async () => ({ ...tab }),
    onUpdated: { addListener: (l) => listeners.add(l), removeListener: (l) => listeners.delete(l) },
  };
  return { tabs, load, listeners };
}

describe('openedTab', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('answers at once for a page that finished loading before the tab was even returned', async () => {
    const { tabs, listeners } = fakeTabs('loads-before-create-answers');
    let answer: Tab | undefined;
    void openedTab(tabs, 'http://news.localhost/a').then((tab) => (answer = tab));
    await vi.advanceTimersByTimeAsync(10);
    expect(answer).toMatchObject({ id: 7, status: 'complete', url: 'http://news.localhost/a' });
    expect(listeners.size).toBe(0);
  });

  it('waits past the blank document for the page asked for', async () => {
    const { tabs, load, listeners } = fakeTabs('loads-after');
    let answer: Tab | undefined;
    void openedTab(tabs, 'http://news.localhost/a').then((tab) => (answer = tab));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(answer).toBeUndefined();
    load();
    await vi.advanceTimersByTimeAsync(10);
    expect(answer).toMatchObject({ status: 'complete', url: 'http://news.localhost/a' });
    expect(listeners.size).toBe(0);
  });

  it('gives the tab as it is after the time limit, and nothing for a tab closed meanwhile', async () => {
    const slow = fakeTabs('loads-after');
    let answer: Tab | undefined;
    void openedTab(slow.tabs, 'http://news.localhost/a', 5_000).then((tab) => (answer = tab));
    await vi.advanceTimersByTimeAsync(4_990);
    expect(answer).toBeUndefined();
    await vi.advanceTimersByTimeAsync(20);
    expect(answer).toMatchObject({ id: 7 });

    const closed = fakeTabs('loads-after');
    closed.tabs.get = async () => {
      throw new Error('No tab with id: 7.');
    };
    let gone: Tab | undefined | 'waiting' = 'waiting';
    void openedTab(closed.tabs, 'http://news.localhost/a', 5_000).then((tab) => (gone = tab));
    await vi.advanceTimersByTimeAsync(5_001);
    expect(gone).toBeUndefined();
    expect(closed.listeners.size).toBe(0);
  });
});
