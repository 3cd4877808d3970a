import { displayTitle, isWebAddress } from '../format';
import { formatTime } from '../i18n';
import { imageNotKeptTitle } from '../save/image-report';
import { liveLinkLabeller } from '../safety/live-links';
import { ORIGINAL_SRC_ATTR, resanitizeHtml, sanitizeToFragment } from '../safety/sanitize';
import type { SnapshotRecord } from '../store/records';

/**
 * Saved copies as standalone HTML documents, for the exported website and the single-file export.
 * Stored HTML is sanitized again by the one policy, then images point at files (or data: URLs)
 * instead of the web. Each document carries a CSP that forbids every script and every remote
 * load, so even a copy opened from a USB stick in any browser stays inert and offline.
 */
export function documentPolicy(images: 'files' | 'inline'): string {
  return [
    "default-src 'none'",
    images === 'files' ? "img-src 'self' data:" : 'img-src data:',
    "style-src 'unsafe-inline'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Where each kept image is to be found: a relative file path or a data: URL. */
export type ImageSource = (originalUrl: string) => string | undefined;

/**
 * The article's HTML, sanitized again, with images pointing where `imageSource` says and links
 * saying where they lead, all in the sanitizer's one walk.
 */
export function articleHtml(html: string, snapshot: Pick<SnapshotRecord, 'images'>, imageSource: ImageSource, win: Window): string {
  const placeImage = imagePlacer(snapshot, imageSource);
  const labelLink = liveLinkLabeller();
  return resanitizeHtml(html, win, (element) => {
    if (element.nodeName === 'IMG') placeImage(element);
    else if (element.nodeName === 'A') labelLink(element);
  });
}

/** The same as nodes, in a detached element, for converters that walk the DOM (Markdown, EPUB). */
export function articleElement(html: string, snapshot: Pick<SnapshotRecord, 'images'>, imageSource: ImageSource, win: Window): HTMLElement {
  const holder = win.document.createElement('div');
  holder.append(sanitizeToFragment(html, win));
  const placeImage = imagePlacer(snapshot, imageSource);
  for (const img of holder.querySelectorAll('img')) placeImage(img);
  return holder;
}

/** Points a kept image at its file (or data: URL), or says why it was not kept. */
function imagePlacer(snapshot: Pick<SnapshotRecord, 'images'>, imageSource: ImageSource): (img: Element) => void {
  const missing = new Map(snapshot.images.flatMap((ref) => ('missing' in ref ? [[ref.url, ref.missing] as const] : [])));
  return (img) => {
    const original = img.getAttribute(ORIGINAL_SRC_ATTR);
    if (original === null) return;
    const source = imageSource(original);
    if (source) img.setAttribute('src', source);
    else img.setAttribute('title', imageNotKeptTitle(missing.get(original), original));
  };
}

const STYLE = `
:root { color-scheme: light dark; --ink: #1d1d1f; --paper: #fdfdfb; --muted: #5a5a5f; --line: #d8d8d2; --link: #0b57a4; }
@media (prefers-color-scheme: dark) { :root { --ink: #e8e8e3; --paper: #1b1b1d; --muted: #a9a9ad; --line: #3a3a3e; --link: #8cbcf5; } }
body { margin: 0 auto; max-width: 42rem; padding: 1.5rem 1rem 4rem; font: 1.1rem/1.6 Georgia, 'Noto Serif', serif; color: var(--ink); background: var(--paper); }
a { color: var(--link); }
header, footer, nav { font-family: system-ui, sans-serif; font-size: 0.9rem; color: var(--muted); }
h1 { font-size: 1.8rem; line-height: 1.25; color: var(--ink); margin-block: 0.5rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
dt { font-weight: 600; } dd { margin: 0; overflow-wrap: anywhere; }
.notice { border-inline-start: 3px solid var(--line); padding-inline-start: 0.75rem; }
article img { max-width: 100%; height: auto; }
figure { margin-inline: 0; } figcaption, .caption { font-size: 0.9rem; color: var(--muted); }
table { border-collapse: collapse; } td, th { border: 1px solid var(--line); padding: 0.25rem 0.5rem; }
ol.pages { padding: 0; list-style: none; } ol.pages li { border-block-end: 1px solid var(--line); padding-block: 0.75rem; }
.hash { font-family: ui-monospace, monospace; font-size: 0.8rem; overflow-wrap: anywhere; }
`;

export interface DocumentParts {
  title: string;
  lang: string | null;
  dir: 'ltr' | 'rtl' | 'auto';
  images: 'files' | 'inline';
  body: string;
}

/** A whole HTML document around already-safe markup. */
export function htmlDocument(parts: DocumentParts): string {
  return `<!doctype html>
<html${parts.lang ? ` lang="${escapeHtml(parts.lang)}"` : ''} dir="${parts.dir}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${documentPolicy(parts.images)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(parts.title)}</title>
<style>${STYLE}</style>
</head>
<body>
${parts.body}
</body>
</html>
`;
}

const row = (term: string, value: string) => `<dt>${term}</dt><dd>${value}</dd>`;
const link = (url: string, text = url) =>
  isWebAddress(url) ? `<a href="${escapeHtml(url)}" rel="noopener noreferrer nofollow" target="_blank">${escapeHtml(text)}</a>` : escapeHtml(text);

export interface ProvenanceOptions {
  /** The signer's key fingerprint, shown so a reader can compare it with a published one. */
  signer?: string;
  versionCount?: number;
  /** Links above the header (back to the index, other versions). */
  nav?: string;
}

/** A saved copy as a page: where it came from and when, the article, and how to check it. */
export function articleDocument(snapshot: SnapshotRecord, article: string, images: 'files' | 'inline', options: ProvenanceOptions = {}): string {
  const title = displayTitle(snapshot.title, snapshot.sourceUrl);
  const dir = snapshot.dir ?? 'auto';
  const lang = snapshot.lang ? ` lang="${escapeHtml(snapshot.lang)}"` : '';
  const rows = [
    snapshot.authors.length && snapshot.authors.join(', ') !== snapshot.byline ? row(snapshot.authors.length === 1 ? 'Author' : 'Authors', escapeHtml(snapshot.authors.join(', '))) : '',
    snapshot.publishedTime ? row('Published', escapeHtml(formatTime(snapshot.publishedTime))) : '',
    snapshot.modifiedTime && snapshot.modifiedTime !== snapshot.publishedTime ? row('Modified', escapeHtml(formatTime(snapshot.modifiedTime))) : '',
    row('Source', link(snapshot.sourceUrl)),
    snapshot.loadedUrl !== snapshot.sourceUrl ? row('Saved from', escapeHtml(snapshot.loadedUrl)) : '',
    row('Captured', `<time datetime="${new Date(snapshot.capturedAt).toISOString()}">${escapeHtml(formatTime(snapshot.capturedAt))}</time>${options.versionCount && options.versionCount > 1 ? ` · version ${snapshot.version} of ${options.versionCount}` : ''}`),
    row('SHA-256', `<span class="hash">${snapshot.id}</span>`),
    options.signer ? row('Signed by key', `<span class="hash">${escapeHtml(options.signer)}</span>`) : '',
  ].join('');
  const body = `${options.nav ? `<nav>${options.nav}</nav>` : ''}
<header>
<p>${escapeHtml(snapshot.siteName ?? '')}</p>
<h1${lang} dir="${dir}">${escapeHtml(title)}</h1>
${snapshot.byline ? `<p${lang} dir="${dir}">${escapeHtml(snapshot.byline)}</p>` : ''}
<dl dir="ltr" lang="en">${rows}</dl>
<p class="notice">A copy kept with Samizdat. Links open the live site, and only when you click them.</p>
</header>
<article${lang} dir="${dir}">
${article}
</article>`;
  return htmlDocument({ title, lang: snapshot.lang, dir, images, body });
}
