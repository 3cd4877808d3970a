export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** A page with no title is shown by its address, never as a blank line. */
export function displayTitle(title: string, url: string): string {
  return title.trim() || url;
}

/**
 * Whether an address may be offered as a link to the live site: http(s) only. A copy's addresses
 * come from the page, or from an imported archive, and a `javascript:` or `data:` one must never
 * become a link in an extension page or an exported one.
 */
export function isWebAddress(url: string): boolean {
  return /^https?:\/\//i.test(url.trim());
}
