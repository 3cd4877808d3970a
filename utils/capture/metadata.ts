import { namesAPerson, namesFromByline, splitNames } from './bylines';
import { cleanMetadata } from './clean-metadata';
import { bestDate, PUBLISHED_META } from './dates';

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

export interface ArticleJsonLd {
  /** The article node. */
  node: JsonObject;
  /** Every node of the page's JSON-LD with an @id, to follow references ({"@id": "#author"}). */
  byId: Map<string, JsonObject>;
}

/** The first article-like JSON-LD object of the page, or null. Broken JSON is skipped, not fatal. */
export function articleJsonLd(doc: Document): ArticleJsonLd | null {
  const byId = new Map<string, JsonObject>();
  let article: JsonObject | null = null;
  for (const script of doc.querySelectorAll('script[type="application/ld+json" i]')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse((script.textContent ?? '').replace(/^\s*<!\[CDATA\[|\]\]>\s*$/g, ''));
    } catch {
      continue;
    }
    for (const node of walkJsonLd(parsed)) {
      if (typeof node['@id'] === 'string') byId.set(node['@id'], node);
      if (!article && isArticleNode(node)) article = node;
    }
  }
  return article ? { node: article, byId } : null;
}

/** Names of people or organisations however JSON-LD gives them: "A", {name}, [{name}], {"@id"}. */
function namesOf(value: unknown, byId: Map<string, JsonObject>, depth = 0): string[] {
  if (depth > 3 || value === null || value === undefined) return [];
  if (typeof value === 'string') return value.trim() && !/^https?:\/\//i.test(value.trim()) ? [value.trim()] : [];
  if (Array.isArray(value)) return value.flatMap((item) => namesOf(item, byId, depth + 1));
  if (typeof value === 'object') {
    const node = value as JsonObject;
    if (typeof node.name === 'string') return namesOf(node.name, byId, depth + 1);
    if (typeof node['@id'] === 'string' && byId.has(node['@id'])) return namesOf(byId.get(node['@id'])!, byId, depth + 1);
  }
  return [];
}

const unique = (names: string[]) => [...new Set(names.flatMap((name) => splitNames(name)).map(cleanMetadata).filter((name): name is string => name !== null))];

/** Authors the page states for the article: JSON-LD `author`, <meta name="author"> (one per tag), `article:author` names (not profile URLs). */
export function statedAuthorsOf(doc: Document, jsonLd: ArticleJsonLd | null): string[] {
  const fromJsonLd = jsonLd ? unique(namesOf(jsonLd.node.author ?? jsonLd.node.creator, jsonLd.byId)) : [];
  if (fromJsonLd.length) return fromJsonLd;
  const metaNames = (selector: string) =>
    unique(Array.from(doc.querySelectorAll(selector), metaValue).filter((v): v is string => !!v && !/^https?:\/\//i.test(v.trim())));
  const fromMeta = metaNames('meta[name="author" i]');
  return fromMeta.length ? fromMeta : metaNames('meta[property="article:author" i], meta[name="article:author" i]');
}

/**
 * Names the page links as authors (rel=author, schema.org author names): those beside the first
 * that has a name, in the same element (a byline's "A and B"). A page's other author links are
 * those of related stories further down.
 */
export function linkedAuthorsOf(doc: Document): string[] {
  const links = Array.from(doc.querySelectorAll('a[rel~="author" i], [itemprop~="author" i] [itemprop~="name" i]')).filter((el) => cleanMetadata(el.textContent));
  const first = links[0];
  if (!first) return [];
  const group = links.filter((el) => el.parentElement === first.parentElement);
  return unique(group.map((el) => el.textContent ?? '')).slice(0, 10);
}

/**
 * Authors, in this order of trust: those the page states (statedAuthorsOf), then the people it
 * links in its byline, then the names in the byline it shows (Readability's, without its "By" and
 * its date), then whatever it links (an agency: "AFP").
 */
export function chooseAuthors(stated: string[], byline: string | null | undefined, linked: string[]): string[] {
  if (stated.length) return stated;
  if (linked.some(namesAPerson)) return linked;
  const fromByline = byline ? unique(namesFromByline(byline)) : [];
  return fromByline.length ? fromByline : linked;
}

export function authorsOf(doc: Document, jsonLd: ArticleJsonLd | null, byline?: string | null): string[] {
  return chooseAuthors(statedAuthorsOf(doc, jsonLd), byline, linkedAuthorsOf(doc));
}

/** Publisher: JSON-LD `publisher`, then og:site_name. */
export function publisherOf(doc: Document, jsonLd: ArticleJsonLd | null): string | null {
  return (jsonLd ? namesOf(jsonLd.node.publisher, jsonLd.byId)[0] : undefined) ?? metaContent(doc, ['meta[property="og:site_name" i]', 'meta[name="og:site_name" i]']);
}

/** Section: JSON-LD `articleSection` (the first, if several), then `article:section`. */
export function sectionOf(doc: Document, jsonLd: ArticleJsonLd | null): string | null {
  const section = jsonLd?.node.articleSection;
  const first = Array.isArray(section) ? section.find((s) => typeof s === 'string') : section;
  return (typeof first === 'string' && first.trim() ? first.trim() : null) ?? metaContent(doc, ['meta[property="article:section" i]']);
}

/**
 * A meta tag's value: its `content`, or, where a page (or the tool that saved it) wrote the value
 * in `value` instead, that.
 */
function metaValue(meta: Element): string | null {
  return meta.getAttribute('content')?.trim() || meta.getAttribute('value')?.trim() || null;
}

/** The first non-empty value of the meta tags named, in order of preference. */
export function metaContent(doc: Document, selectors: string[]): string | null {
  for (const selector of selectors) {
    for (const meta of doc.querySelectorAll(selector)) {
      const value = metaValue(meta);
      if (value) return value;
    }
  }
  return null;
}

function stringField(jsonLd: ArticleJsonLd | null, key: string): string | null {
  const value = jsonLd?.node[key];
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

export function modifiedTimeOf(doc: Document, jsonLd: ArticleJsonLd | null): string | null {
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

/**
 * When the article was published, as the page states it, read before Readability (which takes the
 * document apart, and whose own answer comes first: capture-page.ts): JSON-LD `datePublished`,
 * then the meta tags that conventionally state it (dates.ts), then elements marked as the
 * publication date (schema.org `datePublished`, `<time pubdate>`), then the first `<time>` of the
 * article. Of these, the first that gives a time with its offset wins over one that gives a day
 * alone (dates.ts bestDate).
 */
export function statedPublishedTime(doc: Document, jsonLd: ArticleJsonLd | null): string | null {
  const metas = Array.from(doc.querySelectorAll('meta'))
    .filter((meta) => [meta.getAttribute('property'), meta.getAttribute('name'), meta.getAttribute('itemprop')].some((key) => !!key && PUBLISHED_META.test(key.trim())))
    .map(metaValue);
  const marked = Array.from(doc.querySelectorAll('[itemprop~="datePublished" i], time[pubdate]'), (el) => el.getAttribute('content') ?? el.getAttribute('datetime') ?? el.textContent);
  const timed = doc.querySelector('article time[datetime]')?.getAttribute('datetime');
  return bestDate([stringField(jsonLd, 'datePublished'), ...metas, ...marked, timed]);
}

export function languageFallback(doc: Document, jsonLd: ArticleJsonLd | null): string | null {
  const ogLocale = metaContent(doc, ['meta[property="og:locale" i]']);
  return (
    metaContent(doc, ['meta[http-equiv="content-language" i]']) ??
    stringField(jsonLd, 'inLanguage') ??
    (ogLocale ? ogLocale.replace('_', '-') : null)
  );
}

/** The directions a page states on its root and body, in that order. */
export function statedDirections(doc: Document): Array<string | null | undefined> {
  return [doc.documentElement.getAttribute('dir'), doc.body?.getAttribute('dir')];
}

/** Direction: the article's or page's explicit dir, else what its language implies, else unknown. */
export function directionOf(explicit: string | null | undefined, stated: Array<string | null | undefined>, lang: string | null): 'ltr' | 'rtl' | null {
  const candidates = [explicit, ...stated];
  for (const candidate of candidates) {
    const dir = candidate?.trim().toLowerCase();
    if (dir === 'rtl' || dir === 'ltr') return dir;
  }
  if (lang && RTL_LANGUAGES.has(lang.toLowerCase().split(/[-_]/)[0] ?? '')) return 'rtl';
  return null;
}
