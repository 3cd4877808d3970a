import { t } from '../i18n';

/**
 * Links in a saved copy lead to the live web. The sanitizer already makes them open only when
 * clicked, in a new tab, with no referrer and no handle on our page; this says so on each link,
 * so that a reader (perhaps one whose visits are watched) knows before clicking that the site will
 * see the visit. One place, for the reader and the exported documents alike.
 */
export function labelLiveLinks(root: ParentNode): void {
  const label = liveLinkLabeller();
  for (const link of root.querySelectorAll('a[href]')) label(link);
}

/** Labels links one at a time, as a render meets them (utils/safety/sanitize.ts, ElementFinish). */
export function liveLinkLabeller(): (link: Element) => void {
  // An article links to the same few sites again and again: each site's sentence is looked up once.
  const titles = new Map<string, string>();
  return (link) => {
    const href = link.getAttribute('href');
    if (href === null) return;
    let url: URL;
    try {
      url = new URL(href);
    } catch {
      return;
    }
    if (url.protocol === 'http:' || url.protocol === 'https:') {
      let title = titles.get(url.host);
      if (title === undefined) titles.set(url.host, (title = t('liveLinkTitle', url.host)));
      link.setAttribute('title', title);
    } else if (url.protocol === 'mailto:') {
      link.setAttribute('title', t('liveLinkMail'));
    }
  };
}
