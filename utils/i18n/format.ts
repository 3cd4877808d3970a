import { extensionI18n } from './messages';

/**
 * The browser's language ("ru", "fa-IR"), for dates and numbers; undefined outside an extension,
 * where Intl uses the system's, as the command line always has.
 */
export function uiLocale(): string | undefined {
  return extensionI18n()?.getUILanguage() || undefined;
}

/**
 * Formatters are made once per page and kept: making one resolves the locale's data, and a list of
 * a hundred saved pages made one for every row before its first paint (docs/BENCHMARKS.md).
 */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function kept<F extends Intl.NumberFormat | Intl.DateTimeFormat>(kind: string, options: object | undefined, make: (locale: string | undefined) => F): F {
  const locale = uiLocale();
  const key = `${kind} ${locale ?? ''} ${JSON.stringify(options ?? {})}`;
  let formatter = formatters.get(key) as F | undefined;
  if (!formatter) {
    formatter = make(locale);
    formatters.set(key, formatter);
  }
  return formatter;
}

/** Numbers in the reader's digits and separators: 1,234 / 1 234 / ۱٬۲۳۴. */
export function formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
  return kept('number', options, (locale) => new Intl.NumberFormat(locale ?? 'en', options)).format(value);
}

/** Dates as the reader's browser writes them; an unparseable date from a page is shown as given. */
export function formatTime(value: number | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return kept('time', undefined, (locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })).format(date);
}

const KB = 1024;
const MB = 1024 * KB;
const GB = 1024 * MB;

/** A size in the reader's units and digits: "12 kB", "4.5 MB", "12,3 МБ", "۴٫۵ MB". At least 1 kB. */
export function formatBytes(bytes: number): string {
  if (bytes < MB) return formatNumber(Math.max(1, Math.round(bytes / KB)), { style: 'unit', unit: 'kilobyte' });
  if (bytes < GB) return formatNumber(bytes / MB, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 });
  return formatNumber(bytes / GB, { style: 'unit', unit: 'gigabyte', maximumFractionDigits: 1 });
}

/** A country's name in the reader's language, from its ISO 3166 code ("RU" → "Russia", "Россия"); the code if unknown. */
export function countryName(code: string): string {
  try {
    return new Intl.DisplayNames(uiLocale() ? [uiLocale()!] : undefined, { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}
