/**
 * One address per article, so that every save of it lands on the same page record.
 *
 * The page's own claim (`<link rel=canonical>`, then `og:url`) wins, even across domains: a reader
 * who saves an article from a mirror of a blocked site wants it filed under the original address.
 * The address as loaded is always kept beside it (Capture.loadedUrl), so the claim can be checked.
 */

/** Query parameters that identify the reader or the campaign, never the article. */
const TRACKING_PARAMS = [
  /^utm_/i, /^fbclid$/i, /^gclid$/i, /^dclid$/i, /^gbraid$/i, /^wbraid$/i, /^msclkid$/i,
  /^yclid$/i, /^ysclid$/i, /^mc_cid$/i, /^mc_eid$/i, /^_ga$/i, /^_gl$/i, /^igshid$/i,
  /^twclid$/i, /^ttclid$/i, /^li_fat_id$/i, /^oly_anon_id$/i, /^oly_enc_id$/i, /^vero_id$/i,
  /^_hsenc$/i, /^_hsmi$/i, /^mkt_tok$/i, /^cmpid$/i, /^ocid$/i, /^s_cid$/i, /^at_medium$/i,
  /^at_campaign$/i, /^ref_src$/i, /^ref_url$/i, /^sr_share$/i,
];

function isTracking(name: string): boolean {
  return TRACKING_PARAMS.some((pattern) => pattern.test(name));
}

/** The URL without tracking parameters and fragment; null when it is not an http(s) URL. */
export function cleanUrl(raw: string, base?: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim(), base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.hash = '';
  url.username = '';
  url.password = '';
  // forEach, not an iterator: Firefox content scripts cannot iterate URLSearchParams.
  const names: string[] = [];
  url.searchParams.forEach((_value, name) => names.push(name));
  for (const name of names) {
    if (isTracking(name)) url.searchParams.delete(name);
  }
  // URLSearchParams leaves a bare "?" behind when it empties the query.
  if (url.search === '?') url.search = '';
  return url.href;
}

/** What a page says about its own address: as loaded, its canonical link and its og:url. */
export interface AddressClaims {
  url: string;
  canonical: string | null | undefined;
  ogUrl: string | null | undefined;
}

/** The article's address: canonical link, then og:url, then the loaded URL, all cleaned. */
export function canonicalFromClaims({ url, canonical, ogUrl }: AddressClaims): string {
  for (const candidate of [canonical, ogUrl]) {
    if (!candidate) continue;
    const cleaned = cleanUrl(candidate, url);
    if (cleaned) return cleaned;
  }
  return cleanUrl(url) ?? url;
}

const CANONICAL_LINK = 'link[rel~="canonical" i][href]';
const OG_URL = 'meta[property="og:url" i][content]';

/** The capture's reading of the claims, from its unclobbered copy of the page. */
export function canonicalUrlOf(doc: Document, loadedUrl: string): string {
  return canonicalFromClaims({
    url: loadedUrl,
    canonical: doc.querySelector(CANONICAL_LINK)?.getAttribute('href'),
    ogUrl: doc.querySelector(OG_URL)?.getAttribute('content'),
  });
}

/**
 * The same claims read from the live page in a few microseconds, for the popup's first answer
 * (utils/save/save-tab.ts, lookUpTab), before the capture script is even loaded. Injected by
 * `scripting.executeScript` as it is written, so it names nothing outside itself (the selectors
 * are repeated for that reason; tests/unit/canonical-url.test.ts checks they agree with the
 * capture's on every corpus page). The page's own names cannot shadow what it calls: everything
 * is called through the prototypes, as unclobber.ts does.
 */
export function addressClaimsOfPage(doc: Document = document, docProto: Document = Document.prototype, elementProto: Element = Element.prototype): AddressClaims {
  const read = (selector: string, attribute: string) => {
    const element = docProto.querySelector.call(doc, selector);
    return element ? elementProto.getAttribute.call(element, attribute) : null;
  };
  const url = Object.getOwnPropertyDescriptor(docProto, 'URL')!.get!.call(doc) as string;
  return { url, canonical: read('link[rel~="canonical" i][href]', 'href'), ogUrl: read('meta[property="og:url" i][content]', 'content') };
}
