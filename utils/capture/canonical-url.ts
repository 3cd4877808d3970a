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

/** The article's address: canonical link, then og:url, then the loaded URL, all cleaned. */
export function canonicalUrlOf(doc: Document, loadedUrl: string): string {
  const candidates = [
    doc.querySelector('link[rel~="canonical" i][href]')?.getAttribute('href'),
    doc.querySelector('meta[property="og:url" i][content]')?.getAttribute('content'),
  ];
  for (const candidate of candidates) {
    if (!candidate) continue;
    const cleaned = cleanUrl(candidate, loadedUrl);
    if (cleaned) return cleaned;
  }
  return cleanUrl(loadedUrl) ?? loadedUrl;
}
