/**
 * The names in a byline as pages print it: "By Anna Petrova and Ivan Sidorov, Reuters · Updated
 * 12 May 2024" → ["Anna Petrova", "Ivan Sidorov"]. The words around the names are the page's
 * language's ("By", "Par", "Von", "Автор:"...), as are the joining words ("and", "и", "و"...);
 * what follows the names (a date, "Updated", a handle, a share prompt) ends them.
 */

/** Words that introduce the names, in the languages of the news Samizdat keeps. */
const LEAD = /^(?:(?:by|from|written by|par|von|por|di|door|av|af|przez|від|от|بقلم)\s+|(?:автор(?:ы|и)?|текст|نویسنده|作者|著者|記者|文)\s*[:：]\s*|(?:автор(?:ы|и)?|نویسنده)\s+)/iu;

/** What ends the names: a date or time, an update note, a handle, a separator the page uses between the name and the rest. */
const END = new RegExp(
  [
    '\\d', // a date, a time, a count
    '@', // a social handle
    '[(\\[]',
    '\\b(?:updated|published|posted|last updated|link copied|see full bio|share|follow)\\b',
    '\\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?\\s+\\d',
    '(?:обновлено|опубликовано|actualizado|publié|mis à jour|aktualisiert|veröffentlicht)',
  ].join('|'),
  'iu',
);

/**
 * Words that join two names. Spaces, not \b, around the words: \b knows only ASCII letters. Lower
 * case only for one-letter words, which are also initials ("Laura E. Adkins").
 */
const JOIN = /\s*(?:,|;|&|、|，|及|和)\s*|\s+(?:and|And|AND|und|et|y|e|и|та|і|و)\s+/u;

/** A name: one to five words, letters only (with the marks, dots, hyphens and apostrophes names have). */
const NAME = /^[\p{L}\p{M}][\p{L}\p{M}.'’\- ]{0,58}[\p{L}\p{M}.]$/u;

/** Separators between the parts of a byline: "Politik · A, B", "A / TNN / Updated…", "A | 2 May". */
const PARTS = /\s*[·•|/]\s*|\s[-–—]\s/u;

function namesIn(part: string): string[] {
  let text = part.trim().replace(LEAD, '');
  const end = END.exec(text);
  if (end) text = text.slice(0, end.index);
  const names: string[] = [];
  for (const piece of text.split(JOIN)) {
    const name = piece.replace(LEAD, '').replace(/[\s,.;:]+$/u, '').trim();
    if (!name || !NAME.test(name) || name.split(' ').length > 5 || LEAD.test(`${name} `)) continue;
    names.push(name);
  }
  return names;
}

/** Whether a name is a person's rather than an agency's or a section's: two words or more, or in a script without spaces. */
export const namesAPerson = (name: string): boolean => name.trim().includes(' ') || /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(name);

/**
 * The names of the first part of the byline that names a person (two words or more, or in a
 * script without spaces): "Politik · Jochen Bittner, Tina Hildebrandt" gives the two people, not
 * the section.
 */
export function namesFromByline(byline: string): string[] {
  const parts = byline.replace(/\s+/g, ' ').trim().split(PARTS);
  let fallback: string[] = [];
  for (const part of parts) {
    const names = namesIn(part);
    if (names.some(namesAPerson)) return names;
    if (!fallback.length) fallback = names;
  }
  return fallback;
}

/**
 * One author field that holds several names ("Anna Petrova, Ivan Sidorov and Olena K."), as a
 * list; a field that does not split into names only is kept whole ("Редакция «Новой газеты»").
 */
export function splitNames(value: string): string[] {
  const parts = value.replace(/\s+/g, ' ').trim().split(JOIN).map((part) => part.trim()).filter(Boolean);
  return parts.length > 1 && parts.every((part) => NAME.test(part) && part.split(' ').length <= 5) ? parts : [value];
}
