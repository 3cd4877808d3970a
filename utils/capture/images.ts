/**
 * Make every image of the page say where its real picture is, before extraction. Lazy loaders
 * hide the address in data-* attributes behind a placeholder; responsive images offer several
 * sizes; some figures are painted as CSS backgrounds. A copy that misses these keeps a 1-pixel GIF.
 */

export const LAZY_SRC_ATTRS = ['data-src', 'data-original', 'data-lazy-src', 'data-lazy', 'data-url', 'data-hi-res-src', 'data-full-src', 'data-echo', 'data-original-src'];
export const LAZY_SRCSET_ATTRS = ['data-srcset', 'data-lazy-srcset', 'data-original-set'];

/** The widest candidate worth keeping: large enough to read, not a 6000-pixel original. */
export const PREFERRED_MAX_WIDTH = 2000;

function isPlaceholder(src: string | null): boolean {
  if (!src || !src.trim()) return true;
  // Inline GIFs and tiny data: images are what lazy loaders put in src while they wait.
  return /^data:image\/(?:gif|png|svg\+xml)[;,]/i.test(src.trim()) && src.length < 2048;
}

interface Candidate {
  url: string;
  width: number;
}

/** A srcset's candidates as written: each address and its descriptor ("320w", "2x", or none). */
export function srcsetParts(srcset: string): { url: string; descriptor: string }[] {
  // A candidate ends at a comma that follows its descriptor ("320w,") or at ", "; a comma inside
  // a URL (CDN transforms like "w_320,h_180") is neither.
  return srcset
    .split(/(?<=\s[\d.]+[wx])\s*,\s*|,\s+/)
    .map((part) => part.trim().split(/\s+/))
    .filter(([url]) => !!url)
    .map(([url, ...rest]) => ({ url: url!, descriptor: rest.join(' ') }));
}

/** Parse a srcset: "a.jpg 320w, b.jpg 640w" or "a.jpg 1x, b.jpg 2x" (x counts as 1000 w per x). */
export function srcsetCandidates(srcset: string): Candidate[] {
  const candidates: Candidate[] = [];
  for (const { url, descriptor: written } of srcsetParts(srcset)) {
    const descriptor = written || '1x';
    const value = parseFloat(descriptor);
    const width = descriptor.endsWith('w') ? value : descriptor.endsWith('x') ? value * 1000 : 1000;
    candidates.push({ url, width: Number.isFinite(width) ? width : 1000 });
  }
  return candidates;
}

/** The largest candidate no wider than PREFERRED_MAX_WIDTH, else the smallest one. */
export function bestCandidate(srcset: string): string | null {
  const candidates = srcsetCandidates(srcset).sort((a, b) => a.width - b.width);
  if (candidates.length === 0) return null;
  const fitting = candidates.filter((c) => c.width <= PREFERRED_MAX_WIDTH);
  return (fitting.length ? fitting[fitting.length - 1]! : candidates[0]!).url;
}

function firstAttr(el: Element, names: string[]): string | null {
  for (const name of names) {
    const value = el.getAttribute(name)?.trim();
    if (value) return value;
  }
  return null;
}

function resolveImage(img: Element): void {
  const placeholder = isPlaceholder(img.getAttribute('src'));
  const srcset = firstAttr(img, LAZY_SRCSET_ATTRS) ?? img.getAttribute('srcset');
  const fromPicture = img.parentElement?.nodeName === 'PICTURE'
    ? Array.from(img.parentElement.querySelectorAll('source'))
        .map((source) => firstAttr(source, ['srcset', ...LAZY_SRCSET_ATTRS]))
        .find((value): value is string => !!value)
    : undefined;
  const best = (srcset && bestCandidate(srcset)) || (fromPicture && bestCandidate(fromPicture)) || null;
  const lazy = firstAttr(img, LAZY_SRC_ATTRS);
  if (best) img.setAttribute('src', best);
  else if (placeholder && lazy) img.setAttribute('src', lazy);
  // Both are folded into src: the saved copy keeps one picture per image.
  img.removeAttribute('srcset');
}

const CSS_URL = /background(?:-image)?\s*:[^;]*url\(\s*(['"]?)([^'")]+)\1\s*\)/i;

/** A figure painted with a CSS background gets a real <img>, described by its caption. */
function resolveBackgroundFigures(root: Document | Element): void {
  for (const figure of root.querySelectorAll('figure')) {
    if (figure.querySelector('img')) continue;
    const painted = [figure, ...Array.from(figure.querySelectorAll('[style]'))].find((el) => CSS_URL.test(el.getAttribute('style') ?? ''));
    const url = painted && (painted.getAttribute('style') ?? '').match(CSS_URL)?.[2];
    if (!painted || !url) continue;
    const img = figure.ownerDocument.createElement('img');
    img.setAttribute('src', url);
    img.setAttribute('alt', figure.querySelector('figcaption')?.textContent?.trim() ?? '');
    figure.insertBefore(img, figure.firstChild);
  }
}

/** Every address an image may show (src, lazy attributes, best of its srcsets), without changing it. */
export function imageAddresses(img: Element): string[] {
  const srcsets = [...LAZY_SRCSET_ATTRS, 'srcset'].map((name) => img.getAttribute(name)).filter((v): v is string => !!v);
  return [img.getAttribute('src'), ...LAZY_SRC_ATTRS.map((name) => img.getAttribute(name)), ...srcsets.map(bestCandidate)]
    .filter((v): v is string => !!v && !isPlaceholder(v));
}

/** Same picture: same host and path, whatever query string a CDN adds for sizes. */
export function samePicture(a: string, b: string): boolean {
  try {
    const x = new URL(a);
    const y = new URL(b);
    return x.host === y.host && x.pathname === y.pathname;
  } catch {
    return false;
  }
}

export function resolveImages(root: Document | Element): void {
  resolveBackgroundFigures(root);
  for (const img of root.querySelectorAll('img')) resolveImage(img);
}
