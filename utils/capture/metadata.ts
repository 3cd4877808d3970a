/**
 * Metadata that Readability does not give, or gives as null: modified time, and fallbacks for
 * published time, language and direction. Readability's own values always win where it has one,
 * so that our fields agree with Mozilla's reference output.
 */

type JsonObject = Record<string, unknown>;

const ARTICLE_TYPES = /^(?:Article|NewsArticle|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|BackgroundNewsArticle|ReviewNewsArticle|BlogPosting|LiveBlogPosting|Report|ScholarlyArticle|TechArticle|SocialMediaPosting)$/;

/** Languages written right to left, by primary subtag. */
const RTL_LANGUAGES = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'iw', 'ks', 'ku', 'ps', 'sd', 'ug', 'ur', 'yi']);

function isArticleNode(node: JsonObject): boolean {
  const type = node['@type'];
  const types = Array.isArray(type) ? type : [type];
  return types.some((t) => typeof t === 'string' && ARTICLE_TYPES.test(t));
}

function* walkJsonLd(value: unknown): Generator<JsonObject> {
  if (Array.isArray(value)) {
    for (const item of value) yield* walkJsonLd(item);
  } else if (value && typeof value === 'object') {
    const node = value as JsonObject;
    yield node;
    if (node['@graph']) yield* walkJsonLd(node['@graph']);
  }
}

/** The first article-like JSON-LD object of the page, or null. Broken JSON is skipped, not fatal. */
export function articleJsonLd(doc: Document): JsonObject | null {
  for (const script of doc.querySelectorAll('script[type="application/ld+json" i]')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse((script.textContent ?? '').replace(/^\s*<!\[CDATA\[|\]\]>\s*$/g, ''));
    } catch {
      continue;
    }
    for (const node of walkJsonLd(parsed)) {
      if (isArticleNode(node)) return node;
    }
  }
  return null;
}

function metaContent(doc: Document, selectors: string[]): string | null {
  for (const selector of selectors) {
    const value = doc.querySelector(selector)?.getAttribute('content')?.trim();
    if (value) return value;
  }
  return null;
}

function stringField(node: JsonObject | null, key: string): string | null {
  const value = node?.[key];
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

export function modifiedTimeOf(doc: Document, jsonLd: JsonObject | null): string | null {
  return (
    stringField(jsonLd, 'dateModified') ??
    metaContent(doc, [
      'meta[property="article:modified_time" i]',
      'meta[property="og:updated_time" i]',
      'meta[itemprop="dateModified" i]',
      'meta[name="last-modified" i]',
    ]) ??
    doc.querySelector('time[itemprop="dateModified" i][datetime]')?.getAttribute('datetime')?.trim() ??
    null
  );
}

export function publishedTimeFallback(doc: Document, jsonLd: JsonObject | null): string | null {
  return (
    stringField(jsonLd, 'datePublished') ??
    metaContent(doc, [
      'meta[property="article:published_time" i]',
      'meta[itemprop="datePublished" i]',
      'meta[name="pubdate" i]',
      'meta[name="date" i]',
    ]) ??
    doc.querySelector('time[itemprop="datePublished" i][datetime], article time[datetime]')
      ?.getAttribute('datetime')?.trim() ??
    null
  );
}

export function languageFallback(doc: Document, jsonLd: JsonObject | null): string | null {
  const ogLocale = metaContent(doc, ['meta[property="og:locale" i]']);
  return (
    metaContent(doc, ['meta[http-equiv="content-language" i]']) ??
    stringField(jsonLd, 'inLanguage') ??
    (ogLocale ? ogLocale.replace('_', '-') : null)
  );
}

/** Direction: the page's explicit dir, else what its language implies, else unknown. */
export function directionOf(explicit: string | null | undefined, doc: Document, lang: string | null): 'ltr' | 'rtl' | null {
  const candidates = [explicit, doc.documentElement.getAttribute('dir'), doc.body?.getAttribute('dir')];
  for (const candidate of candidates) {
    const dir = candidate?.trim().toLowerCase();
    if (dir === 'rtl' || dir === 'ltr') return dir;
  }
  if (lang && RTL_LANGUAGES.has(lang.toLowerCase().split(/[-_]/)[0] ?? '')) return 'rtl';
  return null;
}
