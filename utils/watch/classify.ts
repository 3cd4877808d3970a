import type { Capture, CaptureRefusal } from '../capture/types';
import { matchBlockPage, type BlockSignature, type ReceivedPage } from './block-pages';

/** What a check of a watched page found. Each has its words in utils/watch/outcome-words.ts. */
export type CheckOutcome =
  | 'unchanged'
  | 'edited'
  | 'removed'
  | 'blocked'
  | 'unreachable'
  | 'moved'
  | 'refused'
  | 'unreadable'
  | 'needs-permission';

/** Why a check concluded what it did: the evidence a journalist would cite. */
export type CheckReason =
  | `http-${number}`
  | 'redirected-home'
  | 'not-found-page'
  | 'signature'
  | 'network'
  | 'timeout'
  | 'no-article'
  | 'not-html'
  | 'no-permission'
  | 'same'
  | 'changed';

export interface Verdict {
  outcome: CheckOutcome;
  reason: CheckReason;
  /** For `blocked` by a signature: which, and where it has been seen. */
  signature?: Pick<BlockSignature, 'name' | 'scope' | 'countries'>;
  /** For `edited`: the article as the check read it, to keep as a new version. */
  capture?: Capture;
  /** For `moved`: the article's address now. */
  movedTo?: string;
}

/** What Samizdat has of the page: its newest copy. */
export interface SavedArticle {
  canonicalUrl: string;
  title: string;
  byline: string | null;
  text: string;
  wordCount: number;
}

export type Fetched = { ok: true; page: ReceivedPage; contentType: string } | { ok: false; error: 'network' | 'timeout' };

/** The fetched page read with the capture's own code: the article, or why not. */
export type Reading = { ok: true; capture: Capture } | { ok: false; reason: CaptureRefusal };

const words = (text: string | null) => (text ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();

/**
 * Whether the article read now says what the saved copy says: its headline, byline and words.
 * Not the copy's content hash: a click reads the live page after its scripts ran, a check reads
 * the HTML as served, and the two differ in markup (lazy images, attributes scripts set) where
 * the article does not. Nor its dates: sites that stamp every answer with the time of the request
 * would make every check an edit. A quiet edit changes the words.
 */
export function sameArticle(saved: SavedArticle, capture: Capture): boolean {
  return words(saved.title) === words(capture.title) && words(saved.byline) === words(capture.byline) && words(saved.text) === words(capture.text);
}

/**
 * An article read with fewer words than this share of the saved copy's is not taken for the
 * article: a consent wall, a page built by scripts, a template with a teaser. Edits rarely cut
 * three quarters of a text; pages that lost their article keep a line or two.
 */
export const ARTICLE_KEPT_SHARE = 0.25;

/**
 * Words that say "this page does not exist" in the languages of the people Samizdat is for and a
 * few more, as a 404 template's title or heading says them. Only looked for when the article is
 * gone from a page answered with 200: an article may well contain them.
 */
export const NOT_FOUND_PHRASES = [
  'page not found', 'not found', 'no longer available', 'does not exist', "doesn't exist", 'has been removed', 'error 404', '404 error',
  'страница не найдена', 'страница не существует', 'такой страницы нет', 'ничего не найдено', 'материал удалён', 'материал удален', 'ошибка 404',
  'сторінку не знайдено', 'сторінка не існує', 'сторінки не існує', 'помилка 404',
  'صفحه پیدا نشد', 'صفحه مورد نظر یافت نشد', 'یافت نشد', 'وجود ندارد',
  '页面不存在', '找不到页面', '您访问的页面不存在', '頁面不存在', '找不到網頁',
  'seite nicht gefunden', 'page introuvable', 'página no encontrada', 'pagina non trovata', 'sayfa bulunamadı',
];

function looksNotFound(page: ReceivedPage): boolean {
  // The title and the first headings say it; the whole body may be an article about anything.
  const head = (page.body.match(/<title[^>]*>([\s\S]*?)<\/title>/i)?.[1] ?? '') + ' ' + (page.body.match(/<h1[^>]*>([\s\S]*?)<\/h1>/i)?.[1] ?? '');
  const text = head.replace(/<[^>]+>/g, ' ').toLowerCase();
  return /(^|\D)404(\D|$)/.test(text) || NOT_FOUND_PHRASES.some((phrase) => text.includes(phrase));
}

function siteOf(host: string): string {
  return host.replace(/^(www|m|amp)\./, '');
}

/** Path segments that mean nothing: a language, a trailing index page. */
function meaningfulSegments(path: string): string[] {
  return path
    .split('/')
    .filter(Boolean)
    .filter((segment, i) => !(i === 0 && /^[a-z]{2}(-[a-z]{2})?$/i.test(segment)) && !/^index\.\w+$/i.test(segment));
}

/**
 * Where a site sends the address of an article it took down: its home page or a section's. Same
 * site, at most one meaningful path segment, and shallower than the article's own address.
 */
export function isHomeOrSection(finalUrl: string, articleUrl: string): boolean {
  let final: URL;
  let article: URL;
  try {
    final = new URL(finalUrl);
    article = new URL(articleUrl);
  } catch {
    return false;
  }
  if (siteOf(final.hostname) !== siteOf(article.hostname)) return false;
  const depth = meaningfulSegments(final.pathname).length;
  return depth <= 1 && depth < meaningfulSegments(article.pathname).length;
}

const blockedBy = (signature: BlockSignature): Verdict => ({
  outcome: 'blocked',
  reason: 'signature',
  signature: { name: signature.name, scope: signature.scope, countries: signature.countries },
});

/**
 * What one check found, from what was fetched and what reading it with the capture's code gave.
 * The order is what makes it trustworthy:
 * - a network failure is "unreachable", never more: the browser does not tell a DNS failure, a
 *   reset and an outage apart;
 * - HTTP 451, and signatures that a censor leaves in headers or in where a redirect led, mean
 *   "blocked" whatever the body says;
 * - the article, found and the same, is "unchanged", however the page around it changed; found
 *   and different, "edited"; found under another address, "moved";
 * - only when the article is gone are the body's signatures looked for (an article about
 *   censorship may quote a block page), then a "not found" template ("removed"); a page with no
 *   article and neither is "unreadable": built by scripts, or behind a wall, never "removed".
 */
export function classifyCheck(saved: SavedArticle, fetched: Fetched, reading?: Reading): Verdict {
  if (!fetched.ok) return { outcome: 'unreachable', reason: fetched.error };
  const { page } = fetched;
  if (page.status === 451) return { outcome: 'blocked', reason: 'http-451' };
  const signature = matchBlockPage(page);
  if (signature && signature.where !== 'body') return blockedBy(signature);

  const success = page.status >= 200 && page.status < 300;
  if (!success) {
    if (signature) return blockedBy(signature);
    if (page.status === 404 || page.status === 410) return { outcome: 'removed', reason: `http-${page.status}` };
    return { outcome: 'refused', reason: `http-${page.status}` };
  }

  if (page.redirected && isHomeOrSection(page.finalUrl, saved.canonicalUrl)) {
    return signature ? blockedBy(signature) : { outcome: 'removed', reason: 'redirected-home' };
  }
  if (reading?.ok && reading.capture.wordCount >= saved.wordCount * ARTICLE_KEPT_SHARE) {
    if (reading.capture.canonicalUrl !== saved.canonicalUrl) return { outcome: 'moved', reason: 'changed', movedTo: reading.capture.canonicalUrl };
    if (sameArticle(saved, reading.capture)) return { outcome: 'unchanged', reason: 'same' };
    return { outcome: 'edited', reason: 'changed', capture: reading.capture };
  }
  if (signature) return blockedBy(signature);
  if (looksNotFound(page)) return { outcome: 'removed', reason: 'not-found-page' };
  return { outcome: 'unreadable', reason: /html/i.test(fetched.contentType) || !fetched.contentType ? 'no-article' : 'not-html' };
}
