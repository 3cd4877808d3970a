import type { ComponentChildren } from 'preact';
import { browser } from 'wxt/browser';

interface Props {
  /** The extension page it leads to (utils/pages.ts). */
  href: string;
  class?: string;
  title?: string;
  dir?: 'auto' | 'ltr' | 'rtl';
  children: ComponentChildren;
}

/**
 * A link to one of Samizdat's own pages (a saved copy, a page's versions). A real `<a href>`, so
 * that a middle-click, Ctrl+click or Shift+click opens it as the browser opens links, "Copy link"
 * copies its address, and the keyboard and screen readers treat it as a link. A plain click opens
 * it in a new tab, as before: in the popup, following the link would replace the popup itself.
 */
export function PageLink({ href, class: className, title, dir, children }: Props) {
  const onClick = (event: MouseEvent) => {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    void browser.tabs.create({ url: href });
  };
  return (
    <a href={href} class={className} title={title} dir={dir} onClick={onClick}>
      {children}
    </a>
  );
}
