/**
 * A headline without the site's name around it: "Jury Finds X Guilty : The Two-Way : NPR" and
 * "高木浩光＠自宅の日記 - 改正NICT法が…" are the site's way of labelling a browser tab, not the
 * article's title. A part is removed only when it names the site (its stated name, its publisher,
 * or its address's own name), never by a list of sites; what is left must still be a title.
 */

/** Separators between a headline and a site name, with the spaces around them. */
const SEPARATOR = /\s+[|\-–—»·:~／－]\s+|\s*(?:[｜：]|--|_|\s::\s)\s*|\s+-(?=\S)|(?<=\S)-\s+|(?<=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])-(?=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])/gu;
/** Separators that chain sections after a headline ("Headline » Local » News » Site"). */
const BREADCRUMB = /^\s*(?:»|>|\/|_|::)\s*$/;

const squeezed = (text: string) => text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** The names the site goes by, squeezed: stated names, and the labels of its address. */
export function siteNamesOf(stated: Array<string | null | undefined>, url: string): string[] {
  const names = stated.map((name) => (name ? squeezed(name) : '')).filter((name) => name.length >= 3);
  let host = '';
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    // No address to read a name from.
  }
  const generic = /^(?:www\d?|m|amp|news|blog|com|net|org|gov|edu|co|ac|ad|ne|or|go|info|jp|uk|de|fr|ru|cn|io|archives?)$/;
  const labels = host.split('.').filter((label) => label.length >= 3 && !generic.test(label)).map(squeezed);
  return [...new Set([...names, ...labels])];
}

function namesSite(part: string, siteNames: string[]): boolean {
  const text = squeezed(part);
  if (text.length < 3) return false;
  return siteNames.some((name) => text === name || (name.length >= 4 && (text.startsWith(name) || name.startsWith(text) && text.length >= 4)) || (text.length >= 6 && name.length >= 6 && (text.includes(name) || name.includes(text))));
}

const longEnough = (text: string) => squeezed(text).length >= 6 && text.trim().length >= 4;

export function withoutSiteName(title: string, siteNames: string[]): string {
  // A title that is the site's own name (a front page) is left whole.
  if (siteNames.length === 0 || siteNames.includes(squeezed(title))) return title;
  // The title as parts and the separators between them.
  const parts: string[] = [];
  const separators: string[] = [];
  let last = 0;
  for (const match of title.matchAll(SEPARATOR)) {
    if (match.index === 0 || match.index + match[0].length >= title.length) continue;
    parts.push(title.slice(last, match.index));
    separators.push(match[0]);
    last = match.index + match[0].length;
  }
  parts.push(title.slice(last));
  if (parts.length < 2) return title;

  let first = 0;
  let end = parts.length;
  if (namesSite(parts[end - 1]!, siteNames)) {
    end--;
    // "Headline » Local » News » Site": the sections between go with the site's name.
    while (end > 1 && BREADCRUMB.test(separators[end - 1]!) && squeezed(parts[end - 1]!).length <= 20 && end - 1 > first) end--;
  } else if (namesSite(parts[0]!, siteNames)) {
    first = 1;
  } else {
    return title;
  }
  let kept = parts[first]!;
  for (let i = first + 1; i < end; i++) kept += separators[i - 1]! + parts[i]!;
  kept = kept.trim();
  return longEnough(kept) ? kept : title;
}
