import table from './block-pages.json';

/**
 * The page a censor shows instead of an article: a national regulator's notice, an ISP's, a
 * filtering product's. Samizdat knows them by the public signatures OONI, Censored Planet and the
 * Citizen Lab gathered (`block-pages.json`, made by scripts/block-pages.mjs; docs/WATCHING.md says
 * where from). Each says where to look (the body, or a header: `header.location` is where a
 * redirect led), how to compare, and in which countries it has been seen.
 */
export interface BlockSignature {
  name: string;
  /** nat, isp, prod, inst, vbw (a vague word), injb, prov: block pages; fp: pages known not to be one. */
  scope: string;
  where: string;
  type: 'full' | 'prefix' | 'contains' | 'regexp';
  pattern: string;
  /** ISO 3166 codes. */
  countries: string[];
}

/** What one check received: enough to compare with every signature. */
export interface ReceivedPage {
  status: number;
  /** Where the request ended, after redirects. */
  finalUrl: string;
  redirected: boolean;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

type Row = [string, string, string, string, string, string];

export const BLOCK_SIGNATURES: BlockSignature[] = (table.signatures as Row[]).map(([name, scope, where, type, pattern, countries]) => ({
  name,
  scope,
  where,
  type: type as BlockSignature['type'],
  pattern,
  countries: countries ? countries.split(',') : [],
}));

/** Where the table comes from, to say beside every detection it makes. */
export const BLOCK_SIGNATURES_SOURCE: string = table.source;

/**
 * The signatures' regular expressions are Python's (OONI's pipeline), compiled here as JavaScript:
 * the syntax they use (`.*`, classes, escapes) means the same in both. One that would not compile
 * is left out rather than throwing at every check; the unit test lists none.
 */
const compiled = new Map<string, RegExp | null>();
function regexpOf(signature: BlockSignature): RegExp | null {
  if (!compiled.has(signature.pattern)) {
    try {
      compiled.set(signature.pattern, new RegExp(signature.pattern));
    } catch {
      compiled.set(signature.pattern, null);
    }
  }
  return compiled.get(signature.pattern)!;
}

function matches(signature: BlockSignature, value: string | undefined): boolean {
  if (value === undefined) return false;
  switch (signature.type) {
    case 'full':
      return value.trim() === signature.pattern.trim();
    case 'prefix':
      return value.startsWith(signature.pattern);
    case 'contains':
      return value.includes(signature.pattern);
    case 'regexp':
      return regexpOf(signature)?.test(value) ?? false;
  }
}

/** The value a signature looks at in a page received: its body, a header, or where a redirect led. */
function valueAt(where: string, page: ReceivedPage): string | undefined {
  if (where === 'body') return page.body;
  // A check follows redirects (a browser's fetch shows an extension no redirect's Location), so a
  // Location signature is compared with the address the redirects ended at.
  if (where === 'header.location') return page.redirected ? page.finalUrl : page.headers.location;
  return where.startsWith('header.') ? page.headers[where.slice('header.'.length)] : undefined;
}

/**
 * The block-page signature this page matches, if any (`fp` signatures, which describe pages that
 * are not block pages, never do). Structural ones (headers, where a redirect led) come first: they
 * are the surest.
 */
export function matchBlockPage(page: ReceivedPage, signatures: BlockSignature[] = BLOCK_SIGNATURES): BlockSignature | null {
  let inBody: BlockSignature | null = null;
  for (const signature of signatures) {
    if (signature.scope === 'fp') continue;
    if (!matches(signature, valueAt(signature.where, page))) continue;
    if (signature.where !== 'body') return signature;
    inBody ??= signature;
  }
  return inBody;
}
