import { formatNumber } from './format';
import { browserMessage, englishMessage, messagesLanguage, type PluralKey } from './messages';

let rules: { language: string; rules: Intl.PluralRules } | undefined;

function categoryOf(count: number): Intl.LDMLPluralRule {
  const language = messagesLanguage();
  if (rules?.language !== language) rules = { language, rules: new Intl.PluralRules(language) };
  return rules.rules.select(count);
}

/**
 * The message for a count, in the form its language uses for that count (Russian: 1 статья,
 * 2 статьи, 5 статей, 21 статья): messages are keyed `<name>_<CLDR category>`. The rules are
 * those of the messages' language, not the browser's: a German browser reads the English
 * messages, and only English rules fit them. The count is `$1`, written for the reader (۵ in
 * Persian); the other substitutions follow it.
 */
export function plural(name: PluralKey, count: number, ...substitutions: Array<string | number>): string {
  const key = `${name}_${categoryOf(count)}`;
  const other = `${name}_other`;
  const strings = [formatNumber(count), ...substitutions.map(String)];
  return browserMessage(key, strings) || browserMessage(other, strings) || englishMessage(key, strings) || englishMessage(other, strings);
}
