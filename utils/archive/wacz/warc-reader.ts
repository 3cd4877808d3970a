import { Inflate } from 'fflate';
import { concatBytes } from '../bytes';
import { Crc32, crc32 } from '../crc32';

/** One record as read from a WARC file: where it is, its named fields, and its block. */
export interface WarcRecordRead {
  /** Where the record (or its gzip member) starts in the file, and how many bytes it takes there. */
  offset: number;
  length: number;
  version: string;
  /** Field names in lower case; a repeated field keeps its first value. */
  fields: Map<string, string>;
  block: Uint8Array;
  /**
   * Set when the record's block is larger than the reader takes (a video in a crawl): its header
   * was read and its end found, but its block was passed over unread, and `block` is empty.
   */
  passedOver?: true;
}

/** A record that cannot be read, and where: said to the user with the file's name. */
export class WarcError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(`the record at byte ${offset}: ${message}`);
    this.name = 'WarcError';
  }
}

const decoder = new TextDecoder();
const u32 = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;

/** The bytes given end before the record does, and the file goes on: read more and try again. */
class NeedMore extends Error {}

/** A record whose block is over the limit: its header, where its block starts, and its length. */
class TooLarge extends Error {
  constructor(
    readonly version: string,
    readonly fields: Map<string, string>,
    readonly blockStart: number,
    readonly blockLength: number,
    /** Blank lines before the record, where there are (between plain records). */
    readonly leading = 0,
  ) {
    super('larger than the limit');
  }
}

/** For readers that take no record over the limit: say so, at the record's place. */
const refuseLarger = (error: unknown, offset: number, maxRecordBytes: number) => (error instanceof TooLarge ? new WarcError(offset, `larger than ${maxRecordBytes} bytes`) : error);

/**
 * Every record of a WARC file held whole, in order: plain (`.warc`), or compressed a record at a
 * time, each its own gzip member (`.warc.gz`, WARC 1.1 annex D), as every WARC writer does. A
 * member's end is not written anywhere but in its deflate stream, so each is inflated (as a
 * stream, stopping at `maxRecordBytes`) and its end found by its trailer, the CRC-32 and size of
 * what it held.
 */
export function* readWarc(bytes: Uint8Array, maxRecordBytes: number): Generator<WarcRecordRead> {
  const gzipped = isGzip(bytes);
  for (let at = 0; ; ) {
    let read: ReturnType<typeof readOne>;
    try {
      read = readOne(bytes, at, maxRecordBytes, 0, true, gzipped);
    } catch (error) {
      throw refuseLarger(error, at, maxRecordBytes);
    }
    if (!read) return;
    yield read.record;
    at = read.end;
  }
}

/** Where a WARC file's bytes are: a file or Blob, or a stored file inside a ZIP (a WACZ's). */
export interface WarcBytes {
  size: number;
  slice(start: number, end: number): Promise<Uint8Array>;
}

/**
 * The same, for a WARC file of any size: read a few megabytes at a time, so that memory holds
 * one record and the bytes around it, never the file. A record over `maxRecordBytes` (a video a
 * crawl kept) does not stop the reading: its header is read, its block passed over unread (a
 * gzip member's inflated a piece at a time and let go, to find its end and check its CRC), and
 * it is yielded `passedOver`, for the reader to count.
 */
export async function* readWarcFrom(file: WarcBytes, maxRecordBytes: number, signal?: AbortSignal): AsyncGenerator<WarcRecordRead> {
  const window = 4 * 1024 * 1024;
  let gzipped: boolean | undefined;
  let bufferStart = 0;
  let buffer: Uint8Array = new Uint8Array();
  for (let at = 0; at < file.size; ) {
    if (at < bufferStart || at >= bufferStart + buffer.byteLength) {
      buffer = await file.slice(at, Math.min(file.size, at + window));
      bufferStart = at;
    }
    gzipped ??= isGzip(buffer);
    let read: ReturnType<typeof readOne>;
    try {
      read = readOne(buffer, at - bufferStart, maxRecordBytes, bufferStart, bufferStart + buffer.byteLength >= file.size, gzipped);
    } catch (error) {
      if (error instanceof TooLarge) {
        let end = gzipped ? await passOverMember(file, at, error.blockStart + error.blockLength, signal) : at + error.blockStart + error.blockLength;
        if (end > file.size) throw new WarcError(at + error.leading, 'cut short');
        // A plain record's closing line ends are its own, as when it is read (parseRecord).
        if (!gzipped) {
          const closing = await file.slice(end, Math.min(file.size, end + 4));
          for (let n = 0; n < closing.byteLength && (closing[n] === 13 || closing[n] === 10); n++) end++;
        }
        yield { offset: at + error.leading, length: end - at - error.leading, version: error.version, fields: error.fields, block: new Uint8Array(), passedOver: true };
        at = end;
        continue;
      }
      if (!(error instanceof NeedMore)) throw error;
      // The record runs past the bytes read: read again from its start, a window larger than
      // what was there (compressed, a record is not much larger than its limit).
      const had = bufferStart + buffer.byteLength - at;
      if (had >= maxRecordBytes + 1024 * 1024) throw new WarcError(at, `larger than ${maxRecordBytes} bytes`);
      buffer = await file.slice(at, Math.min(file.size, at + Math.max(window, Math.min(had * 4, maxRecordBytes + 1024 * 1024))));
      bufferStart = at;
      continue;
    }
    if (!read) return;
    yield read.record;
    at = bufferStart + read.end;
  }
}

const isGzip = (bytes: Uint8Array) => bytes[0] === 0x1f && bytes[1] === 0x8b;

/**
 * The record at `at` of `bytes` (which start at byte `base` of the file), and where the next
 * begins; null if only blank lines are left. `final`: the bytes end where the file does.
 */
function readOne(bytes: Uint8Array, at: number, maxRecordBytes: number, base: number, final: boolean, gzipped: boolean): { record: WarcRecordRead; end: number } | null {
  if (!gzipped) {
    const first = at;
    // Blank lines between records are tolerated: some writers add more than the two.
    while (at < bytes.byteLength && (bytes[at] === 13 || bytes[at] === 10)) at++;
    if (at >= bytes.byteLength) {
      if (final) return null;
      throw new NeedMore();
    }
    let record: ReturnType<typeof parseRecord>;
    try {
      record = parseRecord(bytes, at, maxRecordBytes, base + at, final);
    } catch (error) {
      // Where the block starts, counted from where the reading started, to pass over it from there.
      if (error instanceof TooLarge) throw new TooLarge(error.version, error.fields, error.blockStart - first, error.blockLength, at - first);
      throw error;
    }
    return { record: { ...record, offset: base + at, length: record.end - at }, end: record.end };
  }
  if (at >= bytes.byteLength) {
    if (final) return null;
    throw new NeedMore();
  }
  const { data, end } = gunzipMember(bytes, at, maxRecordBytes, base, final);
  const record = parseRecord(data, 0, maxRecordBytes, base + at, true);
  // A file compressed whole (one gzip stream) is not a .warc.gz as WARC writers make them: its
  // other records would be lost without a word.
  if (record.end < data.byteLength && /\S/.test(decoder.decode(data.subarray(record.end, record.end + 64)))) {
    throw new WarcError(base + at, 'it holds more than one record: the file was compressed whole, not a record at a time (decompress it with gunzip and import the .warc)');
  }
  return { record: { ...record, offset: base + at, length: end - at }, end };
}

/** One gzip member from `start`: what it holds, and where the next begins. */
function gunzipMember(bytes: Uint8Array, start: number, maxBytes: number, base: number, final: boolean): { data: Uint8Array; end: number } {
  const cutShort = () => (final ? new WarcError(base + start, 'cut short') : new NeedMore());
  const at = deflateStart(bytes, start, base);
  if (at < 0) throw cutShort();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const inflate = new Inflate((chunk) => {
    size += chunk.byteLength;
    chunks.push(chunk);
  });
  // Inflated a piece at a time, and stopped at the record's end: once its deflate stream is over,
  // what follows (the trailer, the next member) adds nothing.
  let pushed = at;
  let failure: string | undefined;
  let whole: { data: Uint8Array; crc: number; from: number } | null = null;
  let head: Uint8Array = new Uint8Array();
  for (;;) {
    const next = Math.min(pushed + 65536, bytes.byteLength);
    try {
      inflate.push(bytes.subarray(pushed, next), final && next === bytes.byteLength);
    } catch (error) {
      failure = (error as Error).message;
    }
    pushed = next;
    // A member that does not begin a record is something else, compressed: say so, not "cut short".
    // Only the head is looked at until the record is whole: joining every piece each time would be quadratic.
    const headGrew = head.byteLength < 65536 && head.byteLength < size;
    if (headGrew) head = concatBytes(chunks, size).subarray(0, 65536);
    if (head.byteLength >= 8 && decoder.decode(head.subarray(0, 7)) !== 'WARC/1.') throw new WarcError(base + start, `not a WARC record (“${decoder.decode(head.subarray(0, 20))}”)`);
    // A record that declares a block over the limit is known by its header: passed over from there.
    if (headGrew && headerEnd(head) >= 0) parseRecord(head, 0, maxBytes, base + start, false, true);
    if (size > maxBytes) throw new WarcError(base + start, `larger than ${maxBytes} bytes`);
    // Once the record is whole, its trailer is looked for in every piece pushed after: it may
    // straddle two pieces, and pushing past the deflate stream's end adds no output to notice.
    if (recordIsWhole(head, size)) {
      if (!whole || whole.data.byteLength !== size) {
        const data = concatBytes(chunks, size);
        whole = { data, crc: crc32(data), from: at + 2 };
      }
      const end = trailerEnd(bytes, whole.from, pushed, whole.crc, size);
      if (end >= 0) return { data: whole.data, end };
      whole.from = Math.max(whole.from, pushed - 7);
    }
    if (failure) throw pushed >= bytes.byteLength ? cutShort() : new WarcError(base + start, `cannot be decompressed (${failure})`);
    if (pushed >= bytes.byteLength) throw cutShort();
  }
}

/** Where a gzip member's deflate stream starts, after its header (RFC 1952); -1 if the bytes end first. */
function deflateStart(bytes: Uint8Array, start: number, base: number): number {
  if (bytes.byteLength - start < 18) return -1;
  if (bytes[start] !== 0x1f || bytes[start + 1] !== 0x8b || bytes[start + 2] !== 8) throw new WarcError(base + start, 'not a gzip member');
  const flags = bytes[start + 3]!;
  let at = start + 10;
  if (flags & 4) at += 2 + (bytes[at]! | (bytes[at + 1]! << 8));
  if (flags & 8) while (at < bytes.byteLength && bytes[at++] !== 0);
  if (flags & 16) while (at < bytes.byteLength && bytes[at++] !== 0);
  if (flags & 2) at += 2;
  return at < bytes.byteLength ? at : -1;
}

/** Where a record's header ends (its blank line) within its first 64 KB from `start`; -1 if not there. */
function headerEnd(bytes: Uint8Array, start = 0): number {
  const scanTo = Math.min(bytes.byteLength - 3, start + 65536);
  for (let p = start; p < scanTo; p++) {
    if (bytes[p] === 13 && bytes[p + 1] === 10 && bytes[p + 2] === 13 && bytes[p + 3] === 10) return p;
  }
  return -1;
}

/** Whether inflated bytes (their first 64 KB, and how many there are) hold a whole record: its header, and as many bytes as it declares. */
function recordIsWhole(head: Uint8Array, size: number): boolean {
  const p = headerEnd(head);
  if (p < 0) return head.byteLength >= 65536;
  const length = /\r\ncontent-length:[ \t]*(\d+)/i.exec(decoder.decode(head.subarray(0, p)))?.[1];
  return length !== undefined && size >= p + 4 + Number(length);
}

/**
 * Where the gzip member at `start` ends, for a record too large to hold: inflated a megabyte at a
 * time, what it held counted into its CRC-32 and let go, its end found by its trailer once
 * `recordBytes` (its header and block) have come out. A member that holds more
 * than its record, or whose trailer does not match, is refused as any other.
 */
async function passOverMember(file: WarcBytes, start: number, recordBytes: number, signal?: AbortSignal): Promise<number> {
  const piece = 1024 * 1024;
  let bytes = await file.slice(start, Math.min(file.size, start + piece));
  let from = deflateStart(bytes, 0, start);
  if (from < 0) throw new WarcError(start, 'cut short');
  const crc = new Crc32();
  let size = 0;
  let failure: string | undefined;
  const inflate = new Inflate((chunk) => {
    size += chunk.byteLength;
    crc.push(chunk);
  });
  // The last bytes of the piece before: a trailer may straddle two pieces.
  let carry: Uint8Array = new Uint8Array();
  // Pieces pushed since all of the record came out: its trailer is in the next few bytes, or nowhere.
  let sinceWhole = 0;
  for (let bytesAt = start; ; ) {
    signal?.throwIfAborted();
    const final = bytesAt + bytes.byteLength >= file.size;
    const pushed = bytes.subarray(from);
    try {
      inflate.push(pushed, final);
    } catch (error) {
      failure = (error as Error).message;
    }
    // Its closing line ends (missing in some writers' records) are all that may follow the block.
    if (size > recordBytes + 64) throw new WarcError(start, 'it holds more than its record');
    const searched = concatBytes([carry, pushed]);
    let trailerDiffers = false;
    if (size >= recordBytes) {
      const end = trailerEnd(searched, 0, searched.byteLength, crc.value, size);
      if (end >= 0) return bytesAt + from - carry.byteLength + end;
      // No trailer with both its CRC and size: one with the size alone is a changed byte, not an end.
      trailerDiffers = trailerEnd(searched, 0, searched.byteLength, null, size) >= 0;
      if (++sinceWhole > 2 || (final && trailerDiffers)) throw new WarcError(start, trailerDiffers ? 'what it holds differs from its gzip trailer' : 'no gzip trailer after it');
    }
    if (failure) throw new WarcError(start, final ? 'cut short' : `cannot be decompressed (${failure})`);
    if (final) throw new WarcError(start, 'cut short');
    carry = searched.slice(Math.max(0, searched.byteLength - 7));
    bytesAt += bytes.byteLength;
    bytes = await file.slice(bytesAt, Math.min(file.size, bytesAt + piece));
    from = 0;
  }
}

/**
 * Where a member ends: just after the first place from `from` that holds the CRC-32 and size of
 * what it inflated to (RFC 1952's trailer), within the bytes pushed so far. -1 if none yet. A
 * null `crc`: the first place that holds the size alone.
 */
function trailerEnd(bytes: Uint8Array, from: number, searchTo: number, crc: number | null, size: number): number {
  const isize = size % 2 ** 32;
  for (let p = from; p + 8 <= searchTo; p++) {
    if ((crc === null || u32(bytes, p) === crc) && u32(bytes, p + 4) === isize) return p + 8;
  }
  return -1;
}

/** A record's version line, fields, and block, from `start`; `end` is after its closing line ends. */
function parseRecord(bytes: Uint8Array, start: number, maxBytes: number, reportAt: number, final: boolean, headOnly = false): Omit<WarcRecordRead, 'offset' | 'length'> & { end: number } {
  const headEnd = headerEnd(bytes, start);
  if (headEnd < 0) {
    if (!final && bytes.byteLength - start < 65536) throw new NeedMore();
    throw new WarcError(reportAt, 'no end to its header');
  }
  const lines = decoder.decode(bytes.subarray(start, headEnd)).split('\r\n');
  const version = lines[0]!;
  if (!/^WARC\/1\.[01]$/.test(version)) throw new WarcError(reportAt, `not a WARC record (“${version.slice(0, 40)}”)`);
  const fields = new Map<string, string>();
  let last = '';
  for (const line of lines.slice(1)) {
    // A line starting with a space or tab continues the field before it (WARC 1.1, 4).
    if (/^[ \t]/.test(line) && last) {
      fields.set(last, `${fields.get(last)} ${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw new WarcError(reportAt, `a field cannot be read (“${line.slice(0, 40)}”)`);
    last = line.slice(0, colon).trim().toLowerCase();
    if (!fields.has(last)) fields.set(last, line.slice(colon + 1).trim());
  }
  const length = Number(fields.get('content-length'));
  if (!fields.has('content-length') || !Number.isSafeInteger(length) || length < 0) throw new WarcError(reportAt, 'no Content-Length');
  if (!fields.get('warc-type')) throw new WarcError(reportAt, 'no WARC-Type');
  const blockStart = headEnd + 4;
  // Passed over, or refused, by the caller.
  if (length > maxBytes) throw new TooLarge(version, fields, blockStart, length);
  if (headOnly) return { version, fields, block: new Uint8Array(), end: blockStart };
  if (blockStart + length > bytes.byteLength) throw final ? new WarcError(reportAt, 'cut short') : new NeedMore();
  const block = bytes.subarray(blockStart, blockStart + length);
  let end = blockStart + length;
  // The two line ends that close a record; their absence is tolerated, as other readers do.
  for (let n = 0; n < 4 && (bytes[end] === 13 || bytes[end] === 10); n++) end++;
  return { version, fields, block, end };
}

/** The one record at `offset` (its gzip member, or its plain bytes, `length` long), read again. */
export async function readRecordAt(file: WarcBytes, offset: number, length: number, maxRecordBytes: number): Promise<WarcRecordRead> {
  const bytes = await file.slice(offset, offset + length);
  let read: ReturnType<typeof readOne>;
  try {
    read = readOne(bytes, 0, maxRecordBytes, offset, true, isGzip(bytes));
  } catch (error) {
    throw refuseLarger(error, offset, maxRecordBytes);
  }
  if (!read) throw new WarcError(offset, 'no record there');
  return read.record;
}
