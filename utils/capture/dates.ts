/**
 * Publication dates as pages state them, in the forms news sites actually write, made ISO 8601
 * with the page's own offset kept (a reader in Tehran and an editor in London must see the same
 * instant; converting to the reader's zone would hide what the page said).
 */

const MONTHS: Record<string, string> = {
  jan: '01', feb: '02', mar: '03', apr: '04', may: '05', jun: '06', jul: '07', aug: '08', sep: '09', oct: '10', nov: '11', dec: '12',
};

const offsetOf = (raw: string | undefined): string => {
  if (!raw) return '';
  if (/^(?:z|gmt|utc)$/i.test(raw)) return 'Z';
  const m = /^([+-])(\d\d):?(\d\d)$/.exec(raw);
  return m ? `${m[1]}${m[2]}:${m[3]}` : '';
};

const plausible = (year: string, month: string, day: string, hour = '00', minute = '00') =>
  Number(year) >= 1800 && Number(year) <= 2200 && Number(month) >= 1 && Number(month) <= 12 && Number(day) >= 1 && Number(day) <= 31 && Number(hour) <= 24 && Number(minute) <= 59;

/**
 * A date or date-time as ISO 8601, or null when the value is not one. Extended ISO (what most
 * pages write, its offset as `+01:00` or `+0100`) is kept exactly as given; compact ISO
 * (`20180619T055000+0900`), a space before the time or the offset (`2016-11-28 16:23:00 -0500`)
 * and RFC 2822 (`Fri, 01 Jul 2022 13:02:59 +0000`) are rewritten, offset kept.
 */
export function isoDateTime(value: string | null | undefined): string | null {
  const text = value?.trim();
  if (!text || text.length > 64) return null;
  if (/^\d{4}-\d\d-\d\d(?:T\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?$/i.test(text)) {
    const [y, mo, d] = text.slice(0, 10).split('-');
    return plausible(y!, mo!, d!) ? text : null;
  }
  const iso = /^(\d{4})-?(\d\d)-?(\d\d)(?:[T ](\d\d):?(\d\d)(?::?(\d\d)(\.\d+)?)?)?\s*(Z|UTC|GMT|[+-]\d\d:?\d\d)?$/i.exec(text);
  if (iso) {
    const [, y, mo, d, h, mi, s, frac, zone] = iso;
    if (!plausible(y!, mo!, d!, h, mi)) return null;
    if (h === undefined) return `${y}-${mo}-${d}`;
    return `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${frac ?? ''}${offsetOf(zone)}`;
  }
  const rfc = /^(?:[a-z]{3},?\s+)?(\d{1,2})\s+([a-z]{3})[a-z]*\.?\s+(\d{4})\s+(\d\d):(\d\d)(?::(\d\d))?\s*(Z|UTC|GMT|[+-]\d\d:?\d\d)?$/i.exec(text);
  if (rfc) {
    const [, d, monthName, y, h, mi, s, zone] = rfc;
    const mo = MONTHS[monthName!.toLowerCase()];
    const day = d!.padStart(2, '0');
    if (!mo || !plausible(y!, mo, day, h, mi)) return null;
    return `${y}-${mo}-${day}T${h}:${mi}:${s ?? '00'}${offsetOf(zone)}`;
  }
  return null;
}

const hasTime = (iso: string) => iso.includes('T');
const hasOffset = (iso: string) => /(?:Z|[+-]\d\d:?\d\d)$/i.test(iso);

/**
 * The best of the dates a page states, given in order of trust: the first with a time and its
 * offset; else the first with a time; else the first day. A page that gives "2019-03-01" in one
 * tag and "2019-03-01T13:16:56+09:00" in another means the second.
 */
export function bestDate(candidates: Array<string | null | undefined>): string | null {
  const dates = candidates.map(isoDateTime).filter((d): d is string => d !== null);
  return dates.find((d) => hasTime(d) && hasOffset(d)) ?? dates.find(hasTime) ?? dates[0] ?? null;
}

/**
 * Names under which pages state their publication date in <meta> (name, property or itemprop),
 * by convention rather than by site: Open Graph's and Dublin Core's, schema.org's, and the
 * common `pubdate`/`publish-date`/`published_at` family.
 */
export const PUBLISHED_META = /^(?:(?:og:)?article:published_time|og:published_time|datepublished|(?:dc|dcterms)\.(?:date\.)?(?:issued|created)|dc\.date|dcterms\.date|pub_?date|publish(?:ed)?[-_.]?(?:date|time|at|_at)?|(?:article|parsely|sailthru)[-.:_](?:published|pub[-_]date|date)|date|release[-_]?date)$/i;
