/**
 * Which image addresses the extension may fetch without asking: those of the tab's own site
 * (the activeTab grant covers it while the user is saving) and those whose site the user has
 * allowed (optional host permissions). Everything else needs the user's permission first.
 */

/**
 * "https://cdn.example.com" for a URL, or null when it is not http(s). Without the port: match
 * patterns, and so permissions, carry none, and cover every port of a host.
 */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? `${parsed.protocol}//${parsed.hostname}` : null;
  } catch {
    return null;
  }
}

/** Whether a granted match pattern ("<all_urls>", "https://*.example.com/*") covers a URL. */
export function patternCovers(pattern: string, url: string): boolean {
  if (pattern === '<all_urls>') return /^https?:/i.test(url);
  const match = /^(\*|https?):\/\/(\*|\*\.[^/]+|[^/*]+)\/(.*)$/.exec(pattern);
  if (!match) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const [, scheme, host] = match;
  const protocol = parsed.protocol.slice(0, -1);
  if (scheme === '*' ? protocol !== 'http' && protocol !== 'https' : scheme !== protocol) return false;
  if (host === '*') return true;
  if (host!.startsWith('*.')) return parsed.hostname === host!.slice(2) || parsed.hostname.endsWith(host!.slice(1));
  return parsed.hostname === host;
}

export function mayFetch(url: string, pageUrl: string, granted: string[]): boolean {
  const origin = originOf(url);
  if (!origin) return false;
  // activeTab grants the tab's own site, whatever the port.
  if (origin === originOf(pageUrl)) return true;
  return granted.some((pattern) => patternCovers(pattern, url));
}

/** The sites whose images need the user's permission before they can be kept, once each. */
export function originsNeedingPermission(imageUrls: string[], pageUrl: string, granted: string[]): string[] {
  const needed = imageUrls.filter((url) => !mayFetch(url, pageUrl, granted)).map(originOf);
  return [...new Set(needed.filter((origin): origin is string => origin !== null))];
}
