import type { RecordPlace } from './warc-writer';

/**
 * A URL's SURT key as the Webrecorder tools write it in CDXJ (warcio.js's indexer, which
 * ReplayWeb.page's loader shares): scheme and a leading `www`/`www2`… dropped, lowercased, host
 * parts reversed and comma-joined, the port, `)`, the path, and the query's parts sorted. Lookups
 * compare these keys, so they must be spelt exactly as the readers spell them.
 */
export function surt(url: string): string {
  if (!url.startsWith('https:') && !url.startsWith('http:')) return url;
  try {
    const lower = url.replace(/^(https?:\/\/)www\d*\./, '$1').toLowerCase();
    const parsed = new URL(lower);
    let key = parsed.hostname.split('.').reverse().join(',');
    if (parsed.port) key += `:${parsed.port}`;
    key += `)${parsed.pathname}`;
    if (parsed.search) key += `?${parsed.search.slice(1).split('&').sort().join('&')}`;
    return key;
  } catch {
    return url;
  }
}

/** CDXJ's timestamp: the record's WARC-Date to the second, as 14 digits. */
export function timestamp14(time: number): string {
  return new Date(time).toISOString().replace(/[^0-9]/g, '').slice(0, 14);
}

export interface IndexedRecord {
  url: string;
  date: number;
  mime: string;
  /** SHA-256 of the payload, hex. */
  sha256: string;
  place: RecordPlace;
}

/** One line of `indexes/index.cdx`: the key, the time, and where the record is. */
export function cdxjLine(record: IndexedRecord): string {
  const fields = {
    url: record.url,
    mime: record.mime,
    status: '200',
    digest: `sha256:${record.sha256}`,
    length: String(record.place.length),
    offset: String(record.place.offset),
    filename: record.place.filename,
  };
  return `${surt(record.url)} ${timestamp14(record.date)} ${JSON.stringify(fields)}`;
}

/** Lines in the order CDXJ readers binary-search them: by their bytes, as `LC_ALL=C sort` does. */
export function sortedLines(lines: string[]): string[] {
  // Keys and times are ASCII (URLs are), so code units order as bytes do; the JSON after them
  // only breaks ties.
  return lines.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
