/**
 * Lazy loaders keep the real image address in data-* attributes and show a placeholder in `src`.
 * Put the real address back before extraction, or the copy keeps a 1-pixel GIF.
 */

const LAZY_SRC_ATTRS = ['data-src', 'data-original', 'data-lazy-src', 'data-lazy', 'data-url', 'data-hi-res-src', 'data-full-src'];
const LAZY_SRCSET_ATTRS = ['data-srcset', 'data-lazy-srcset', 'data-original-set'];

function isPlaceholder(src: string | null): boolean {
  if (!src || !src.trim()) return true;
  // Inline GIFs and tiny data: images are what lazy loaders put in src while they wait.
  return /^data:image\/(?:gif|png|svg\+xml)[;,]/i.test(src.trim()) && src.length < 2048;
}

export function resolveLazyImages(root: Document | Element): void {
  for (const img of root.querySelectorAll('img')) {
    if (!isPlaceholder(img.getAttribute('src'))) continue;
    const lazySrc = LAZY_SRC_ATTRS.map((name) => img.getAttribute(name)).find((value) => value?.trim());
    if (lazySrc) img.setAttribute('src', lazySrc.trim());
    const lazySrcset = LAZY_SRCSET_ATTRS.map((name) => img.getAttribute(name)).find((value) => value?.trim());
    if (lazySrcset) img.setAttribute('srcset', lazySrcset.trim());
  }
}
