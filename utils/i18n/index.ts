/**
 * The UI's languages: messages (t, plural, tParts), dates, numbers and sizes (Intl, in the
 * browser's language) and each page's lang and direction. docs/TRANSLATING.md tells how to add a
 * language.
 */
export { t, messagesLanguage, type MessageKey, type PluralKey } from './messages';
export { plural } from './plural';
export { tParts } from './rich';
export { countryName, formatBytes, formatNumber, formatTime, uiLocale } from './format';
export { isolate, uiDirection } from './bidi';
export { localizePage } from './page';
