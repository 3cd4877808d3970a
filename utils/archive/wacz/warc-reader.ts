import { Inflate, ZipPassThrough } from 'fflate';
import { concatBytes } from '../bytes';

/** One record as read from a WARC file: where it is, its named fields, and its block. */
export interface WarcRecordRead {
  /** Where the record (or its gzip member) starts in the file, and how many bytes it takes there. */
  offset: number;
  length: number;
  version: string;
  /** Field names in lower case; a repeated field keeps its first value. */
  fields: Map<string, string>;
  block: Uint8Array;
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
    const read = readOne(bytes, at, maxRecordBytes, 0, true, gzipped);
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
 * one record and the bytes around it, never the file.
 */
export async function* readWarcFrom(file: WarcBytes, maxRecordBytes: number): AsyncGenerator<WarcRecordRead> {
  const window = 4 * 1024 * 1024;
  let gzipped: boolean | undefined;
  let bufferStart = 0;
  let buffer: Uint8Array = new Uint8Array();
  for (let at = 0; at < file.size; ) {
    if (at >= bufferStart + buffer.byteLength) {
      buffer = await file.slice(at, Math.min(file.size, at + window));
      bufferStart = at;
    }
    gzipped ??= isGzip(buffer);
    let read: ReturnType<typeof readOne>;
    try {
      read = readOne(buffer, at - bufferStart, maxRecordBytes, bufferStart, bufferStart + buffer.byteLength >= file.size, gzipped);
    } catch (error) {
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
    // Blank lines between records are tolerated: some writers add more than the two.
    while (at < bytes.byteLength && (bytes[at] === 13 || bytes[at] === 10)) at++;
    if (at >= bytes.byteLength) {
      if (final) return null;
      throw new NeedMore();
    }
    const record = parseRecord(bytes, at, maxRecordBytes, base + at, final);
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
  if (bytes.byteLength - start < 18) throw cutShort();
  if (bytes[start] !== 0x1f || bytes[start + 1] !== 0x8b || bytes[start + 2] !== 8) throw new WarcError(base + start, 'not a gzip member');
  const flags = bytes[start + 3]!;
  let at = start + 10;
  if (flags & 4) at += 2 + (bytes[at]! | (bytes[at + 1]! << 8));
  if (flags & 8) while (at < bytes.byteLength && bytes[at++] !== 0);
  if (flags & 16) while (at < bytes.byteLength && bytes[at++] !== 0);
  if (flags & 2) at += 2;
  if (at >= bytes.byteLength) throw cutShort();
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
    if (size > maxBytes) throw new WarcError(base + start, `larger than ${maxBytes} bytes`);
    // A member that does not begin a record is something else, compressed: say so, not "cut short".
    // Only the head is looked at until the record is whole: joining every piece each time would be quadratic.
    if (head.byteLength < 65536 && head.byteLength < size) head = concatBytes(chunks, size).subarray(0, 65536);
    if (head.byteLength >= 8 && decoder.decode(head.subarray(0, 7)) !== 'WARC/1.') throw new WarcError(base + start, `not a WARC record (“${decoder.decode(head.subarray(0, 20))}”)`);
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

/** Whether inflated bytes (their first 64 KB, and how many there are) hold a whole record: its header, and as many bytes as it declares. */
function recordIsWhole(head: Uint8Array, size: number): boolean {
  for (let p = 0; p + 3 < head.byteLength; p++) {
    if (head[p] === 13 && head[p + 1] === 10 && head[p + 2] === 13 && head[p + 3] === 10) {
      const length = /\r\ncontent-length:[ \t]*(\d+)/i.exec(decoder.decode(head.subarray(0, p)))?.[1];
      return length !== undefined && size >= p + 4 + Number(length);
    }
  }
  return head.byteLength >= 65536;
}

/** The CRC-32 of bytes, as gzip and ZIP reckon it (fflate's, through its pass-through packer). */
function crc32(data: Uint8Array): number {
  const crc = new ZipPassThrough('');
  crc.ondata = () => undefined;
  crc.push(data, true);
  return crc.crc >>> 0;
}

/**
 * Where a member ends: just after the first place from `from` that holds the CRC-32 and size of
 * what it inflated to (RFC 1952's trailer), within the bytes pushed so far. -1 if none yet.
 */
function trailerEnd(bytes: Uint8Array, from: number, searchTo: number, crc: number, size: number): number {
  const isize = size % 2 ** 32;
  for (let p = from; p + 8 <= searchTo; p++) {
    if (u32(bytes, p) === crc && u32(bytes, p + 4) === isize) return p + 8;
  }
  return -1;
}

/** A record's version line, fields, and block, from `start`; `end` is after its closing line ends. */
function parseRecord(bytes: Uint8Array, start: number, maxBytes: number, reportAt: number, final: boolean): Omit<WarcRecordRead, 'offset' | 'length'> & { end: number } {
  let headEnd = -1;
  const scanTo = Math.min(bytes.byteLength - 3, start + 65536);
  for (let p = start; p < scanTo; p++) {
    if (bytes[p] === 13 && bytes[p + 1] === 10 && bytes[p + 2] === 13 && bytes[p + 3] === 10) {
      headEnd = p;
      break;
    }
  }
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
  if (length > maxBytes) throw new WarcError(reportAt, `larger than ${maxBytes} bytes`);
  if (!fields.get('warc-type')) throw new WarcError(reportAt, 'no WARC-Type');
  const blockStart = headEnd + 4;
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
  const read = readOne(bytes, 0, maxRecordBytes, offset, true, isGzip(bytes));
  if (!read) throw new WarcError(offset, 'no record there');
  return read.record;
}
