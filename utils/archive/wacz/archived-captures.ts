import { t } from '../../i18n';
import { BodyError, parseHttpResponse } from './http-response';
import { readWarcFrom, WarcError, type WarcBytes, type WarcRecordRead } from './warc-reader';

/**
 * What a web archive holds of one address at one moment, as the first reading of the archive
 * notes it: where its record is (to read it again when needed), and what a replay would answer.
 * A few hundred bytes each, and only for pages, pictures, redirects and revisits: an archive of
 * 10,000 pages with a few pictures each is noted in some 10 MB.
 */
export interface ArchivedCapture {
  url: string;
  /** WARC-Date, ms. */
  date: number;
  type: 'response' | 'resource' | 'revisit';
  file: number;
  offset: number;
  length: number;
  recordId: string;
  status: number;
  /** The media type, without parameters, lower case. */
  mime: string;
  /** A redirect's target, absolute. */
  location?: string;
  /** WARC-Payload-Digest as written (sha1:BASE32 from wget and Heritrix, sha256:hex from others). */
  digest?: string;
  /** A revisit's original: by address and date (WARC 1.1), or only by its payload digest (1.0). */
  refersTo?: { url: string; date: number };
}

/** A file of the web archive, by the name the user knows, with what wrote it. */
export interface ArchiveFile {
  name: string;
  bytes: WarcBytes;
}

export interface NotedArchive {
  captures: ArchivedCapture[];
  /** Each file's warcinfo `software`, when it says. */
  software: (string | undefined)[];
  records: number;
  /** Records not noted: requests, metadata, warcinfo, and responses neither pages nor pictures. */
  skipped: number;
  /** Records over MAX_RECORD_BYTES (a crawl's videos), passed over unread: by address, with their size. */
  passedOver: { url: string; bytes: number }[];
}

/** Records a web archive may hold before it is refused as too large to import in one go. */
export const MAX_RECORDS = 1_000_000;
/** A record over this is passed over unread, and said: an article's page or image is far smaller. */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024;

/** A record that cannot be read, named with its file: the import is refused, and says which. */
export class RecordRefused extends Error {
  constructor(
    readonly file: string,
    readonly offset: number,
    readonly detail: string,
  ) {
    super(t('refusalRecord', file, String(offset), detail));
    this.name = 'RecordRefused';
  }
}

/** A record the reader could not read, said with its file's name. */
export function refusedRecord(file: string, error: WarcError): RecordRefused {
  return new RecordRefused(file, error.offset, error.message.replace(/^the record at byte \d+: /, ''));
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A digest's value as bytes: hex, or base32 as Heritrix and Wget write SHA-1 (RFC 4648). */
function digestBytes(value: string): Uint8Array | null {
  if (/^[0-9a-f]+$/i.test(value) && (value.length === 40 || value.length === 64)) return Uint8Array.from(value.match(/../g)!, (pair) => parseInt(pair, 16));
  const clean = value.replace(/=+$/, '').toUpperCase();
  let bits = 0;
  let buffer = 0;
  const out: number[] = [];
  for (const char of clean) {
    const n = BASE32.indexOf(char);
    if (n < 0) return null;
    buffer = (buffer << 5) | n;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Uint8Array.from(out);
}

/**
 * Whether a record's block is what its WARC-Block-Digest says (SHA-1 or SHA-256, hex or base32);
 * null when it names no digest this reader knows, which is not held against it.
 */
export async function blockDigestHolds(block: Uint8Array, labelled: string | undefined): Promise<boolean | null> {
  const match = /^(sha-?1|sha-?256):\s*(\S+)$/i.exec(labelled?.trim() ?? '');
  if (!match) return null;
  const expected = digestBytes(match[2]!);
  if (!expected) return false;
  const actual = new Uint8Array(await crypto.subtle.digest(/256/.test(match[1]!) ? 'SHA-256' : 'SHA-1', block as Uint8Array<ArrayBuffer>));
  return expected.byteLength === actual.byteLength && expected.every((byte, i) => byte === actual[i]);
}

/**
 * The first reading: every record of every file, in order, each noted if a replay could show it
 * (a response, a resource or a revisit with an http(s) address). Anything unreadable refuses the
 * whole archive, named by file and byte, before anything is written.
 */
export async function noteCaptures(files: ArchiveFile[], onProgress?: (bytesRead: number) => void, signal?: AbortSignal): Promise<NotedArchive> {
  const captures: ArchivedCapture[] = [];
  const software: (string | undefined)[] = [];
  let records = 0;
  let skipped = 0;
  const passedOver: NotedArchive['passedOver'] = [];
  let before = 0;
  for (const [index, file] of files.entries()) {
    try {
      for await (const record of readWarcFrom(file.bytes, MAX_RECORD_BYTES, signal)) {
        signal?.throwIfAborted();
        if (++records > MAX_RECORDS) throw new RecordRefused(file.name, record.offset, `more than ${MAX_RECORDS} records`);
        onProgress?.(before + record.offset + record.length);
        if (record.passedOver) {
          // Its end was found (and a gzip member's CRC checked), its block not read: nothing of it is kept.
          passedOver.push({ url: targetUri(record.fields.get('warc-target-uri')) ?? '', bytes: Number(record.fields.get('content-length')) });
          continue;
        }
        const type = record.fields.get('warc-type');
        if ((await blockDigestHolds(record.block, record.fields.get('warc-block-digest'))) === false) throw new RecordRefused(file.name, record.offset, 'its block differs from its WARC-Block-Digest');
        if (type === 'warcinfo' && software[index] === undefined) software[index] = /^software:\s*(.+)$/im.exec(new TextDecoder().decode(record.block))?.[1]?.trim();
        const noted = noteRecord(record, index, file.name);
        if (noted) captures.push(noted);
        else skipped++;
      }
    } catch (error) {
      if (error instanceof WarcError) throw refusedRecord(file.name, error);
      throw error;
    }
    before += file.bytes.size;
  }
  return { captures, software, records, skipped, passedOver };
}

function noteRecord(record: WarcRecordRead, file: number, fileName: string): ArchivedCapture | null {
  const type = record.fields.get('warc-type');
  if (type !== 'response' && type !== 'resource' && type !== 'revisit') return null;
  const url = targetUri(record.fields.get('warc-target-uri'));
  if (!url) return null;
  const date = Date.parse(record.fields.get('warc-date') ?? '');
  if (Number.isNaN(date)) throw new RecordRefused(fileName, record.offset, 'no WARC-Date');
  // A copy is dated by its record: a date before the web, or to come, is no capture's.
  if (date < EARLIEST || date > Date.now() + 24 * 60 * 60 * 1000) throw new RecordRefused(fileName, record.offset, `its WARC-Date ${record.fields.get('warc-date')} is no capture's date`);
  const base = { url, date, type, file, offset: record.offset, length: record.length, recordId: record.fields.get('warc-record-id') ?? '', digest: record.fields.get('warc-payload-digest') } as const;
  if (type === 'resource') {
    const mime = mediaType(record.fields.get('content-type'));
    return MAYBE_NEEDED.test(mime) ? { ...base, status: 200, mime } : null;
  }
  const http = (record.fields.get('content-type') ?? '').startsWith('application/http') || /^HTTP\/\d/.test(new TextDecoder('latin1').decode(record.block.subarray(0, 8)));
  let status = type === 'revisit' ? 200 : 0;
  let mime = '';
  let location: string | undefined;
  if (http && record.block.byteLength) {
    try {
      // Only the head is needed here: the body is read again, decoded, if it is a page or an image.
      const head = parseHttpResponse(record.block.subarray(0, headLength(record.block)), Number.MAX_SAFE_INTEGER);
      status = head.status;
      mime = mediaType(head.headers.get('content-type'));
      const to = head.headers.get('location');
      if (to) location = absolute(to, url);
    } catch (error) {
      if (!(error instanceof BodyError)) throw error;
      if (type === 'response') throw new RecordRefused(fileName, record.offset, error.message);
    }
  } else if (type === 'response') throw new RecordRefused(fileName, record.offset, 'a response record without an HTTP response in it');
  // Only what a page or its pictures may need is noted: scripts, styles, fonts and media are
  // counted, not kept (a crawl holds dozens of them a page).
  if (type === 'response' && !(status >= 300 && status < 400) && !MAYBE_NEEDED.test(mime)) return null;
  const refersUrl = targetUri(record.fields.get('warc-refers-to-target-uri'));
  const refersDate = Date.parse(record.fields.get('warc-refers-to-date') ?? '');
  return { ...base, status, mime, ...(location ? { location } : {}), ...(type === 'revisit' && refersUrl && !Number.isNaN(refersDate) ? { refersTo: { url: refersUrl, date: refersDate } } : {}) };
}

/** 1991, the first web page: no capture is older. */
const EARLIEST = Date.UTC(1991, 0, 1);
/** Pages, pictures, and what a server may have called a picture: the picture's bytes are sniffed. */
const MAYBE_NEEDED = /^(?:text\/html|application\/xhtml\+xml|image\/.*|application\/octet-stream|binary\/octet-stream|)$/;

/** Where an HTTP head ends (its blank line), or the whole block. */
function headLength(block: Uint8Array): number {
  for (let p = 0; p < Math.min(block.byteLength, 1024 * 1024); p++) {
    if (block[p] === 10 && (block[p + 1] === 10 || (block[p + 1] === 13 && block[p + 2] === 10))) return p + 1;
  }
  return block.byteLength;
}

/** WARC 1.0 writers put the address in angle brackets; only web addresses can be pages or images. */
function targetUri(value: string | undefined): string | null {
  const url = value?.replace(/^<(.*)>$/, '$1').trim();
  if (!url || !/^https?:\/\//i.test(url)) return null;
  try {
    return new URL(url).href;
  } catch {
    return null;
  }
}

function absolute(value: string, base: string): string | undefined {
  try {
    return new URL(value, base).href;
  } catch {
    return undefined;
  }
}

const mediaType = (value: string | undefined) => (value ?? '').split(';')[0]!.trim().toLowerCase();

const HTML = new Set(['text/html', 'application/xhtml+xml']);
export const isHtml = (capture: ArchivedCapture) => HTML.has(capture.mime);

/**
 * The archive's captures by address, and how a replay finds what it holds: the capture nearest in
 * time, a redirect followed, a revisit taken to the record that holds its payload.
 */
export class CaptureIndex {
  private readonly byUrl = new Map<string, ArchivedCapture[]>();
  private readonly byDigest = new Map<string, ArchivedCapture>();

  constructor(captures: ArchivedCapture[]) {
    for (const capture of captures) {
      const list = this.byUrl.get(capture.url);
      if (list) list.push(capture);
      else this.byUrl.set(capture.url, [capture]);
      if (capture.type !== 'revisit' && capture.digest && !this.byDigest.has(capture.digest)) this.byDigest.set(capture.digest, capture);
    }
    for (const list of this.byUrl.values()) list.sort((a, b) => a.date - b.date);
  }

  /** The record that holds a revisit's payload, or the capture itself; null if the archive lacks it. */
  payloadOf(capture: ArchivedCapture): ArchivedCapture | null {
    if (capture.type !== 'revisit') return capture;
    if (capture.refersTo) {
      const original = this.byUrl.get(capture.refersTo.url)?.find((c) => c.type !== 'revisit' && Math.abs(c.date - capture.refersTo!.date) < 1000);
      if (original) return original;
    }
    return (capture.digest && this.byDigest.get(capture.digest)) || null;
  }

  /**
   * What a replay shows at `url` near `date`: the nearest capture with a payload, its redirects
   * followed (five at most); null if the archive has none.
   */
  find(url: string, date: number, hops = 0): ArchivedCapture | null {
    const list = this.byUrl.get(url) ?? this.byUrl.get(url.replace(/#.*$/, ''));
    if (!list?.length) return null;
    for (const capture of nearestFirst(list, date)) {
      if (capture.location && capture.status >= 300 && capture.status < 400) {
        // A redirect to nothing archived is no answer: the next nearest capture may be one.
        const target = hops < 5 && capture.location !== url ? this.find(capture.location, date, hops + 1) : null;
        if (target) return target;
        continue;
      }
      if (capture.status !== 200) continue;
      const payload = this.payloadOf(capture);
      if (payload) return payload;
    }
    return null;
  }

  /** Every capture of every address, in order of address then time. */
  *all(): Generator<ArchivedCapture> {
    for (const url of [...this.byUrl.keys()].sort()) yield* this.byUrl.get(url)!;
  }
}

/** A list sorted by date, nearest to `date` first: outward from where `date` would be, without sorting again. */
function* nearestFirst(list: ArchivedCapture[], date: number): Generator<ArchivedCapture> {
  let high = list.findIndex((capture) => capture.date >= date);
  if (high < 0) high = list.length;
  let low = high - 1;
  while (low >= 0 || high < list.length) {
    if (high >= list.length || (low >= 0 && date - list[low]!.date <= list[high]!.date - date)) yield list[low--]!;
    else yield list[high++]!;
  }
}
