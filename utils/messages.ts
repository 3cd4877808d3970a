import { browser } from 'wxt/browser';
import type { CaptureKind, CaptureOutcome } from './capture/types';
import type { KnownPage, LockedSaveResult, SaveResult, TabState } from './save/tab-state';
import type { CheckRecord, ImageRef, WatchInterval, WatchRecord } from './store/records';

/**
 * The one message protocol between extension pages and the background. Each entry names a
 * request and the shape of its answer; the background registers one handler per entry.
 */
export interface ProtocolMap {
  /** The first answer, from the tab's address alone: is a copy filed under it? (null: no answer) */
  lookUpTab: (request: { tabId: number }) => KnownPage | null;
  /** Read the tab's article without saving it: has it been saved, does the live page differ? */
  inspectTab: (request: { tabId: number }) => TabState;
  /** Capture the tab's article and store it; while a protected library is locked, keep it sealed until the next unlock. */
  saveTab: (request: { tabId: number; kind?: CaptureKind }) => SaveResult | LockedSaveResult;
  /** Fetch a saved copy's images still to come, and those from sites the user has just allowed; answers its images after. */
  completeImages: (request: { snapshotId: string }) => ImageRef[] | undefined;
  /** Finish the image downloads of every copy still waiting for them (the library asks when it shows some); answers at once. */
  completeQueuedImages: (request: Record<string, never>) => void;
  /** Watch a saved page, or change how often it is checked (utils/watch/). */
  watchPage: (request: { pageUrl: string; interval: WatchInterval }) => WatchRecord;
  unwatchPage: (request: { pageUrl: string }) => void;
  /** Check one watched page now; answers what the check found (null: not watched, or gone). */
  checkNow: (request: { pageUrl: string }) => CheckRecord | null;
  /** Check every watched page now, politely; answers at once with how many, and when it began. */
  checkAll: (request: Record<string, never>) => { startedAt: number; total: number };
  /** Stop a check of all: the pages it had not reached go back to their own schedule. */
  cancelChecks: (request: Record<string, never>) => void;
  /** A page changed the watch settings or saw the news: set the next check, show the count again. */
  watchChanged: (request: Record<string, never>) => void;
  /**
   * A watched page a check could not read (built by scripts, behind a wall): open it in a tab, let
   * it run, and save it as a click would (watching gave the site's permission). Answers the save.
   */
  openAndSave: (request: { url: string }) => SaveResult | LockedSaveResult;
}

export type MessageType = keyof ProtocolMap;
export type RequestOf<K extends MessageType> = Parameters<ProtocolMap[K]>[0];
export type ResponseOf<K extends MessageType> = ReturnType<ProtocolMap[K]>;

export interface Envelope<K extends MessageType = MessageType> {
  samizdat: K;
  request: RequestOf<K>;
}

export type Handlers = { [K in MessageType]: (request: RequestOf<K>) => Promise<ResponseOf<K>> };

export function sendMessage<K extends MessageType>(type: K, request: RequestOf<K>): Promise<ResponseOf<K>> {
  const envelope: Envelope<K> = { samizdat: type, request };
  return browser.runtime.sendMessage(envelope) as Promise<ResponseOf<K>>;
}

/** Route envelopes to handlers; anything else (other senders, unknown types) is ignored. */
export function onMessages(handlers: Handlers): void {
  const ownPages = browser.runtime.getURL('/');
  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    // Only the extension's own pages may ask: not content scripts (they run beside page code),
    // and web pages cannot reach this listener at all.
    if (sender.id !== browser.runtime.id || !sender.url?.startsWith(ownPages)) return undefined;
    const envelope = message as Partial<Envelope>;
    const type = envelope?.samizdat;
    if (typeof type !== 'string' || !Object.hasOwn(handlers, type)) return undefined;
    const handler = handlers[type] as (request: unknown) => Promise<unknown>;
    return handler(envelope.request);
  });
}

/**
 * The background's one request to its offscreen document (Chromium only: its service worker has no
 * DOM): read HTML a check fetched with the capture's code (utils/watch/read-fetched-page.ts).
 * Apart from ProtocolMap, since it goes the other way: from the background to a page.
 */
export interface OffscreenRead {
  samizdatOffscreen: 'read-fetched-page';
  html: string;
  url: string;
  kind: CaptureKind;
}

export function askOffscreen(request: Omit<OffscreenRead, 'samizdatOffscreen'>): Promise<CaptureOutcome> {
  const message: OffscreenRead = { samizdatOffscreen: 'read-fetched-page', ...request };
  return browser.runtime.sendMessage(message) as Promise<CaptureOutcome>;
}

/** In the offscreen document: answer the background's requests, and nobody else's. */
export function onOffscreenReads(read: (request: OffscreenRead) => CaptureOutcome): void {
  const ownPages = browser.runtime.getURL('/');
  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    if (sender.id !== browser.runtime.id || !sender.url?.startsWith(ownPages)) return undefined;
    if ((message as Partial<OffscreenRead>)?.samizdatOffscreen !== 'read-fetched-page') return undefined;
    return Promise.resolve(read(message as OffscreenRead));
  });
}
