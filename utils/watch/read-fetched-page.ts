import { capturePageSafely } from '../capture/capture-page';
import { absolutizeAddresses } from '../capture/absolute-urls';
import type { CaptureKind, CaptureOutcome } from '../capture/types';

type DomWindow = Window & typeof globalThis;

/**
 * Read HTML fetched by a check with the capture's own code, as a click would read the live page:
 * Readability, the one sanitizer, metadata, the canonical address. Runs where there is a DOM: in
 * Chromium an offscreen document (its service worker has none), in Firefox the background page.
 *
 * The HTML is parsed by DOMParser: a document with no browsing context, so its scripts never run
 * and nothing it names is loaded. Such a document takes its address from the page that parsed it
 * (the extension's), so the article's address is given to the capture, and a `<base>` sends the
 * document's relative links and images where the article's own page sends them.
 */
export function readFetchedPage(html: string, url: string, kind: CaptureKind, win: Window): CaptureOutcome {
  const doc = new (win as DomWindow).DOMParser().parseFromString(html, 'text/html');
  const base = statedBase(doc.querySelector('base[href]')?.getAttribute('href'), url);
  for (const element of Array.from(doc.querySelectorAll('base'))) element.remove();
  const element = doc.createElement('base');
  element.setAttribute('href', base);
  doc.head.prepend(element);
  // An extension page's CSP has `base-uri 'none'`, and Chromium holds a parsed document to it: the
  // <base> is ignored there (found by the web-archive import's test: images resolved against the
  // extension and were dropped). So every address an element names is made absolute here, as the
  // page's own base would make it.
  absolutizeAddresses(doc.documentElement, base);
  return capturePageSafely(doc, win, { kind, url });
}

/** The page's own `<base>`, made absolute against its address (a relative one would resolve against the extension's). */
function statedBase(href: string | null | undefined, url: string): string {
  if (!href) return url;
  try {
    return new URL(href, url).href;
  } catch {
    return url;
  }
}
