import { readFileSync } from 'node:fs';
import { fillMessage, type MessageEntry } from '../../../utils/i18n/messages';

/** The UI's languages, as their folders in public/_locales are named. */
export const UI_LOCALES = ['en', 'ru', 'uk', 'fa', 'zh_CN'] as const;
export type UiLocale = (typeof UI_LOCALES)[number];

/**
 * What the extension should show in a language, read from the same messages.json it ships: the
 * tests check that the browser picked the right file, not the wording.
 */
export function messagesOf(locale: UiLocale) {
  const messages: Record<string, MessageEntry> = JSON.parse(readFileSync(new URL(`../../../public/_locales/${locale}/messages.json`, import.meta.url), 'utf8'));
  const language = locale.replace('_', '-');
  const message = (key: string, ...substitutions: string[]) => {
    const entry = messages[key];
    if (!entry) throw new Error(`${locale} has no message ${key}`);
    return fillMessage(entry, substitutions);
  };
  return {
    message,
    /** A counted message, in its language's form for `count`, with the count in its digits. */
    counted: (name: string, count: number) => {
      const form = new Intl.PluralRules(language).select(count);
      return message(messages[`${name}_${form}`] ? `${name}_${form}` : `${name}_other`, new Intl.NumberFormat(language).format(count));
    },
  };
}
