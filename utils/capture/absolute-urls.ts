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
