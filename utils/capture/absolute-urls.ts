import { LAZY_SRC_ATTRS, LAZY_SRCSET_ATTRS, srcsetParts } from './images';

/** Make every src and href under `root` absolute against the page's address; drop ones that cannot be. */
export function absolutizeUrls(root: Element, baseUrl: string): void {
  for (const node of [root, ...Array.from(root.querySelectorAll('[src], [href]'))]) {
    for (const name of ['src', 'href']) {
      const value = node.getAttribute(name);
      if (value === null || value.startsWith('#') || /^data:/i.test(value)) continue;
      try {
        node.setAttribute(name, new URL(value, baseUrl).href);
      } catch {
        node.removeAttribute(name);
      }
    }
  }
}

/**
 * Every address an element under `root` names (links, sources, lazy images' attributes and their
 * srcsets) made absolute against `base`, before any other code reads them: for a parsed page whose
 * own `<base>` the browser ignores (an extension page's CSP, `base-uri 'none'`, holds it too).
 */
export function absolutizeAddresses(root: Element, base: string): void {
  const absolute = (value: string) => {
    try {
      return new URL(value.trim(), base).href;
    } catch {
      return value;
    }
  };
  const single = ['src', 'href', 'poster', ...LAZY_SRC_ATTRS];
  const sets = ['srcset', ...LAZY_SRCSET_ATTRS];
  for (const node of [root, ...Array.from(root.querySelectorAll('*'))]) {
    for (const name of single) {
      const value = node.getAttribute(name);
      if (value === null || value.trim() === '' || value.startsWith('#') || /^(data|javascript|mailto):/i.test(value.trim())) continue;
      node.setAttribute(name, absolute(value));
    }
    for (const name of sets) {
      const value = node.getAttribute(name);
      if (value) node.setAttribute(name, srcsetParts(value).map(({ url, descriptor }) => `${/^data:/i.test(url) ? url : absolute(url)}${descriptor ? ` ${descriptor}` : ''}`).join(', '));
    }
  }
}
