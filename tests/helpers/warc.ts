import { WARCRecord, WARCSerializer } from 'warcio';

/** One record for `warcFile`: a page or image as a crawler saw it, written by warcio.js, not by Samizdat. */
export interface TestRecord {
  url: string;
  date: string;
  type?: 'response' | 'resource' | 'revisit';
  /** An HTTP status line and headers (responses and revisits). */
  status?: string;
  headers?: Record<string, string>;
  /** Extra WARC fields (WARC-Refers-To-Target-URI…). */
  warcHeaders?: Record<string, string>;
  body?: Uint8Array | string;
}

async function* once(bytes: Uint8Array) {
  yield bytes;
}

/** A WARC file written by warcio.js (gzip a record at a time, or plain), with its own warcinfo. */
export async function warcFile(records: TestRecord[], { gzip = true, software = 'warcio.js test' } = {}): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const info = WARCRecord.createWARCInfo({ filename: 'test.warc.gz', warcVersion: 'WARC/1.1' }, { software });
  parts.push(await WARCSerializer.serialize(info, { gzip }));
  for (const r of records) {
    const body = typeof r.body === 'string' ? new TextEncoder().encode(r.body) : (r.body ?? new Uint8Array());
    const type = r.type ?? 'response';
    const record = WARCRecord.create(
      {
        url: r.url,
        date: r.date,
        type,
        warcVersion: 'WARC/1.1',
        ...(type === 'resource' ? {} : { statusline: r.status ?? 'HTTP/1.1 200 OK', httpHeaders: r.headers ?? {} }),
        warcHeaders: { ...(type === 'resource' ? { 'Content-Type': r.headers?.['Content-Type'] ?? 'text/html' } : {}), ...r.warcHeaders },
      },
      once(body),
    );
    parts.push(await WARCSerializer.serialize(record, { gzip }));
  }
  return new Uint8Array(Buffer.concat(parts));
}

/** Bytes as HTTP/1.1's chunked transfer coding sends them, in pieces of `size`. */
export function chunked(bytes: Uint8Array, size = 1000): Uint8Array {
  const parts: Buffer[] = [];
  for (let at = 0; at < bytes.byteLength; at += size) {
    const piece = bytes.subarray(at, at + size);
    parts.push(Buffer.from(`${piece.byteLength.toString(16)}\r\n`), Buffer.from(piece), Buffer.from('\r\n'));
  }
  parts.push(Buffer.from('0\r\n\r\n'));
  return new Uint8Array(Buffer.concat(parts));
}
