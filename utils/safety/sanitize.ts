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
  // DOMPurify tests every attribute value against this, not only URLs, so it must let through
  // values with no scheme at all (colspan="2", dir="rtl", datetime="2024-…", relative links).
  // Of the schemes, only http(s) and mailto pass: no javascript:, data: (but inline images,
  // which DOMPurify allows on <img> by itself), blob:, file: or anything else.
  ALLOWED_URI_REGEXP: /^(?:(?:https?|mailto):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i,
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

/** A page's HTML at capture; stored HTML rendered again, to markup or to nodes. */
type Use = 'capture' | 'html' | 'fragment';
const instances = new WeakMap<object, Record<Use, DOMPurify>>();
/** True while sanitizing a page at capture, as opposed to stored HTML at render. */
let capturing = false;

/**
 * What a render does to each element the policy keeps, in the same walk: where an exported copy's
 * image now is, what a link tells the reader. It runs once the element's own attributes are
 * sanitized, and what it sets is the renderer's (a file's path, a title), not the page's.
 */
export type ElementFinish = (element: Element) => void;
let finishing: ElementFinish | null = null;

/**
 * One purifier per window and kind of output, its configuration set once: DOMPurify parses a
 * configuration passed to `sanitize` again on every call, which cost nearly a millisecond of each
 * capture and of each page of an export (docs/BENCHMARKS.md).
 */
function purifierFor(win: Window, use: Use): DOMPurify {
  let each = instances.get(win);
  if (!each) {
    each = {
      // Captures, in pages that may enforce Trusted Types, keep DOMPurify's default.
      capture: purifier(win, { ...CONFIG, RETURN_TRUSTED_TYPE: false }),
      // Renders happen only in the extension's own pages (reader, library, export), whose CSP asks
      // for no Trusted Types: without a policy DOMPurify stops asking the browser, for every
      // attribute of every copy rendered, whether it wants one (3 to 4% of an export's time in a
      // profile).
      html: purifier(win, { ...CONFIG, RETURN_TRUSTED_TYPE: false, TRUSTED_TYPES_POLICY: null }, true),
      fragment: purifier(win, { ...CONFIG, RETURN_DOM_FRAGMENT: true, TRUSTED_TYPES_POLICY: null }),
    };
    instances.set(win, each);
  }
  return each[use];
}

function purifier(win: Window, config: Config, finishes = false): DOMPurify {
  const purify = createDOMPurify(win as unknown as Parameters<typeof createDOMPurify>[0]);
  purify.setConfig(config);
  purify.addHook('uponSanitizeAttribute', (_node, data) => {
    // Where an image was is Samizdat's own record: a page may not write it for us.
    if (capturing && data.attrName === ORIGINAL_SRC_ATTR) data.keepAttr = false;
  });
  purify.addHook('afterSanitizeAttributes', (node) => {
    const el = node as Element;
    keepOnlyKnownClasses(el);
    if (el.nodeName === 'IMG') keepImageOffline(el);
    // Only images may name a source (MathML's <mglyph src>, for one, may not).
    else if (el.hasAttribute('src')) el.removeAttribute('src');
    if (el.nodeName === 'A' && el.hasAttribute('href')) {
      // A saved copy must never hand the live site a referrer or a handle on the reader's page.
      el.setAttribute('rel', 'noopener noreferrer nofollow');
      el.setAttribute('target', '_blank');
    }
    if (finishes) finishing?.(el);
  });
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

/** Sanitize a page's HTML at capture: the page's own data-samizdat-src attributes are dropped. */
export function sanitizeHtml(html: string, win: Window): string {
  const purify = purifierFor(win, 'capture');
  capturing = true;
  try {
    return purify.sanitize(html) as string;
  } finally {
    capturing = false;
  }
}

/**
 * Sanitize stored HTML again to a string (an exported copy), keeping Samizdat's own image records,
 * each kept element finished by `finish` in the same walk: an export had spent about a tenth of its
 * time moving each copy's nodes into a document of their own and walking them again for images
 * and links (docs/BENCHMARKS.md).
 */
export function resanitizeHtml(html: string, win: Window, finish?: ElementFinish): string {
  const outer = finishing;
  finishing = finish ?? null;
  try {
    return purifierFor(win, 'html').sanitize(html) as string;
  } finally {
    finishing = outer;
  }
}

/** Sanitize untrusted HTML to a fragment for rendering, so no caller ever assigns innerHTML. */
export function sanitizeToFragment(html: string, win: Window): DocumentFragment {
  return purifierFor(win, 'fragment').sanitize(html) as unknown as DocumentFragment;
}
