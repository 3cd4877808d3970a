import { browser } from 'wxt/browser';
import english from '../../public/_locales/en/messages.json';

/**
 * Every sentence the user reads comes from public/_locales/<language>/messages.json, through the
 * browser's own i18n: it picks the file for the browser's language and falls back to English.
 * Where there is no extension (Node: unit tests and the `samizdat` command) the English file is
 * read here, with the same substitution rules, so the command line and the tests speak English.
 */
export type MessageKey = keyof typeof english;

/** Plural messages are keyed `<name>_<CLDR category>`: `savedPages_one`, `savedPages_few`… */
export type PluralKey = { [K in MessageKey]: K extends `${infer Name}_other` ? Name : never }[MessageKey];

export interface MessageEntry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

type BrowserI18n = { getMessage: (key: string, substitutions?: string[]) => string; getUILanguage: () => string };

/** The extension's i18n, or undefined outside an extension (no `browser`, or one without i18n). */
export function extensionI18n(): BrowserI18n | undefined {
  try {
    const i18n = (browser as { i18n?: Partial<BrowserI18n> } | undefined)?.i18n;
    return typeof i18n?.getMessage === 'function' && typeof i18n.getUILanguage === 'function' ? (i18n as BrowserI18n) : undefined;
  } catch {
    // webextension-polyfill throws when loaded outside an extension.
    return undefined;
  }
}

/**
 * A message with its substitutions, as browsers do it: `$NAME$` is the placeholder's content, in
 * which `$1`…`$9` are the substitutions; `$$` is a dollar sign.
 */
export function fillMessage(entry: MessageEntry, substitutions: string[]): string {
  const placeholders = new Map(Object.entries(entry.placeholders ?? {}).map(([name, p]) => [name.toLowerCase(), p.content]));
  const numbered = (text: string) => text.replace(/\$(\d)/g, (_, n: string) => substitutions[Number(n) - 1] ?? '');
  return entry.message.replace(/\$\$|\$([A-Za-z0-9_@]+)\$|\$(\d)/g, (whole, name?: string, n?: string) => {
    if (whole === '$$') return '$';
    if (n) return substitutions[Number(n) - 1] ?? '';
    const content = placeholders.get(name!.toLowerCase());
    return content === undefined ? whole : numbered(content);
  });
}

export function englishMessage(key: string, substitutions: string[]): string {
  const entry = (english as Record<string, MessageEntry>)[key];
  return entry ? fillMessage(entry, substitutions) : '';
}

/** The message in the browser's language; empty when no language has the key. */
export function browserMessage(key: string, substitutions: string[]): string {
  return extensionI18n()?.getMessage(key, substitutions) ?? '';
}

/** The user's sentence for `key`, in the browser's language (English where a message is missing). */
export function t(key: MessageKey, ...substitutions: Array<string | number>): string {
  const strings = substitutions.map(String);
  // An empty answer means the key is missing in every language the browser looked in.
  return browserMessage(key, strings) || englishMessage(key, strings) || key;
}

/** Which language the messages are in: the folder the browser took them from ("en", "ru", "zh_CN"). */
export function messagesLanguage(): string {
  return t('messagesLocale').replace('_', '-');
}
