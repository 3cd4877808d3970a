import createDOMPurify, { type Config, type DOMPurify } from 'dompurify';

/**
 * The one sanitizer policy of the project. It runs twice on every saved article: in the content
 * script at capture, and again in the extension page that renders it, because stored HTML may come
 * from an older version of this policy or from an imported archive.
 *
 * What a saved copy may contain: text structure, tables, figures, links and images. Nothing that
 * runs (scripts, handlers, javascript: URLs), nothing that loads by itself (remote src/srcset,
 * CSS with url(), iframes, objects, media, forms, base/meta/link) and no inline styles.
 */

/** Where an image's original address is kept instead of `src`, so that showing the copy loads nothing. */
export const ORIGINAL_SRC_ATTR = 'data-samizdat-src';

const FORBID_TAGS = [
  'script', 'style', 'link', 'meta', 'base', 'title', 'iframe', 'frame', 'frameset', 'object',
  'embed', 'applet', 'form', 'input', 'button', 'textarea', 'select', 'option', 'optgroup',
  'datalist', 'output', 'svg', 'video', 'audio', 'source', 'track', 'canvas', 'template',
  'noscript', 'dialog', 'portal', 'slot', 'marquee', 'keygen', 'fencedframe',
];

const FORBID_ATTR = [
  'style', 'srcset', 'sizes', 'action', 'formaction', 'background', 'poster', 'ping', 'xmlns',
  'srcdoc', 'usemap', 'longdesc', 'lowsrc', 'dynsrc', 'manifest', 'autofocus', 'contenteditable',
  'loading', 'decoding', 'fetchpriority', 'integrity', 'crossorigin', 'referrerpolicy', 'target',
];

const CONFIG: Config = {
  FORBID_TAGS,
  FORBID_ATTR,
  ALLOW_DATA_ATTR: false,
  ADD_ATTR: [ORIGINAL_SRC_ATTR],
  // Links may point to the web (opened only when clicked) or within the page; nothing else.
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#)/i,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  // Custom elements (MathJax's <mjx-container>, a site's <article-body>) wrap real content. With no
  // script to define them they are inert, so keep them, without attributes.
  CUSTOM_ELEMENT_HANDLING: {
    tagNameCheck: /^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$/,
    attributeNameCheck: /^$/,
    allowCustomizedBuiltInElements: false,
  },
  WHOLE_DOCUMENT: false,
};

const instances = new WeakMap<object, DOMPurify>();

function purifierFor(win: Window): DOMPurify {
  let purify = instances.get(win);
  if (purify) return purify;
  purify = createDOMPurify(win as unknown as Parameters<typeof createDOMPurify>[0]);
  purify.addHook('afterSanitizeAttributes', (node) => {
    const el = node as Element;
    keepOnlyKnownClasses(el);
    if (el.nodeName === 'IMG') keepImageOffline(el);
    if (el.nodeName === 'A' && el.hasAttribute('href')) {
      // A saved copy must never hand the live site a referrer or a handle on the reader's page.
      el.setAttribute('rel', 'noopener noreferrer nofollow');
      el.setAttribute('target', '_blank');
    }
  });
  instances.set(win, purify);
  return purify;
}

/**
 * Class names the reader styles. All others go: a page's own classes mean nothing offline, and a
 * hostile page could borrow the reader's class names to dress its text as the reader's own notices.
 */
const KEPT_CLASSES = new Set(['caption']);

function keepOnlyKnownClasses(el: Element): void {
  const kept = (el.getAttribute('class') ?? '').split(/\s+/).filter((name) => KEPT_CLASSES.has(name));
  if (kept.length) el.setAttribute('class', kept.join(' '));
  else el.removeAttribute('class');
}

/** A remote `src` becomes a record of where the image was; only local data: images stay visible. */
function keepImageOffline(img: Element): void {
  const src = img.getAttribute('src');
  if (src === null) return;
  if (/^data:image\//i.test(src.trim())) return;
  if (/^https?:/i.test(src.trim()) && !img.hasAttribute(ORIGINAL_SRC_ATTR)) {
    img.setAttribute(ORIGINAL_SRC_ATTR, src.trim());
  }
  img.removeAttribute('src');
}

/** Sanitize untrusted HTML to a string (capture time, and tests). */
export function sanitizeHtml(html: string, win: Window): string {
  return purifierFor(win).sanitize(html, { ...CONFIG, RETURN_TRUSTED_TYPE: false }) as string;
}

/** Sanitize untrusted HTML to a fragment for rendering, so no caller ever assigns innerHTML. */
export function sanitizeToFragment(html: string, win: Window): DocumentFragment {
  return purifierFor(win).sanitize(html, { ...CONFIG, RETURN_DOM_FRAGMENT: true }) as DocumentFragment;
}
