import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MessageEntry } from '../../utils/i18n/messages';

/**
 * Every language has every message English has, and no other: a missing one would show English
 * in the middle of Russian, an extra one is a leftover nobody reads. Plural messages are the
 * exception by design: each language has exactly the forms its plural rules use.
 */
const LOCALES_DIR = new URL('../../public/_locales/', import.meta.url);
const LOCALES = readdirSync(LOCALES_DIR).sort();
const read = (locale: string): Record<string, MessageEntry> => JSON.parse(readFileSync(new URL(`${locale}/messages.json`, LOCALES_DIR), 'utf8'));
const english = read('en');
const PLURAL = /^(.+)_(zero|one|two|few|many|other)$/;

/** "savedPages" for every message named savedPages_one, savedPages_other… in English. */
const pluralNames = new Set(Object.keys(english).flatMap((key) => (key.endsWith('_other') ? [key.replace(PLURAL, '$1')] : [])));
const isPlural = (key: string) => PLURAL.test(key) && pluralNames.has(key.replace(PLURAL, '$1'));
const bcp47 = (locale: string) => locale.replace('_', '-');

/** The placeholders a message defines, with what each stands for: `$1`, `$2`… */
const placeholdersOf = (entry: MessageEntry) =>
  Object.fromEntries(Object.entries(entry.placeholders ?? {}).map(([name, p]) => [name.toLowerCase(), p.content]).sort());
/** The placeholders a message's text uses. */
const usedIn = (entry: MessageEntry) => [...new Set([...entry.message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((m) => m[1]!.toLowerCase()))];

it('has the five languages of the UI, English first among equals', () => {
  expect(LOCALES).toEqual(['en', 'fa', 'ru', 'uk', 'zh_CN']);
});

describe.each(LOCALES)('%s', (locale) => {
  const messages = read(locale);
  const categories = new Intl.PluralRules(bcp47(locale)).resolvedOptions().pluralCategories;

  it('has every message English has, and none English does not', () => {
    const plain = (keys: string[]) => keys.filter((key) => !isPlural(key)).sort();
    expect(plain(Object.keys(messages))).toEqual(plain(Object.keys(english)));
  });

  it(`has exactly the plural forms its language uses (${categories.join(', ')}) for every counted message`, () => {
    for (const name of pluralNames) {
      const forms = Object.keys(messages).filter((key) => key.replace(PLURAL, '$1') === name && PLURAL.test(key)).map((key) => key.replace(PLURAL, '$2'));
      expect(forms.sort(), name).toEqual([...categories].sort());
    }
  });

  it('defines the same placeholders as English, and uses only those it defines', () => {
    for (const [key, entry] of Object.entries(messages)) {
      const source = english[key] ?? english[key.replace(PLURAL, '$1_other')];
      expect(source, key).toBeDefined();
      expect(placeholdersOf(entry), key).toEqual(placeholdersOf(source!));
      for (const used of usedIn(entry)) expect(Object.keys(placeholdersOf(entry)), `${key} uses $${used}$`).toContain(used);
    }
  });

  it('uses in each message every placeholder English uses there, but the count where a form needs no number', () => {
    for (const [key, entry] of Object.entries(messages)) {
      const source = english[key] ?? english[key.replace(PLURAL, '$1_other')]!;
      const needed = usedIn(source).filter((name) => !(isPlural(key) && name === 'count'));
      expect(usedIn(entry).sort(), key).toEqual(expect.arrayContaining(needed));
    }
  });

  it('names its own folder and direction, which pick the plural rules and mirror the pages', () => {
    expect(messages.messagesLocale?.message).toBe(locale);
    expect(messages.textDirection?.message).toBe(locale === 'fa' ? 'rtl' : 'ltr');
  });

  it('has no empty message: the browser would show nothing, or fall back to English', () => {
    for (const [key, entry] of Object.entries(messages)) expect(entry.message.trim(), key).not.toBe('');
  });
});

it('keeps the zero-width non-joiner of Persian words (می‌شود, صفحه‌ها), never a space or nothing', () => {
  const persian = Object.values(read('fa')).map((entry) => entry.message);
  expect(persian.join('\n')).toContain('\u200c');
  // The verb prefixes می and نمی are joined to their verb by a ZWNJ, not a space.
  for (const message of persian) expect(message, message).not.toMatch(/(^|\s)ن?می (?=[\u0600-\u06FF])/);
  // Plural ها and ی‌ after a word: never with a plain space.
  for (const message of persian) expect(message, message).not.toMatch(/[\u0600-\u06FF] ها(\s|$|[.،؛:])/);
});
