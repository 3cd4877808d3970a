import { Gunzip, Inflate, Unzlib } from 'fflate';
import { concatBytes } from '../bytes';

/** An HTTP response as a WARC `response` record holds it: status, headers and the body as sent. */
export interface HttpResponse {
  status: number;
  /** Names in lower case; a repeated header keeps its first value. */
  headers: Map<string, string>;
  /** The body with its transfer and content encodings undone. */
  body: Uint8Array;
}

/** A body this reader cannot decode (Brotli, zstd, a broken gzip stream): said with the record. */
export class BodyError extends Error {}

const decoder = new TextDecoder('latin1');

/**
 * The status, headers and body of an HTTP/1.x response (the block of a WARC `response` record),
 * with chunked transfer coding and gzip or deflate content coding undone, at most `maxBytes` of
 * body. Tolerant as browsers are: bare line feeds, a missing reason phrase, a chunked body whose
 * sizes do not add up (kept as it is).
 */
export function parseHttpResponse(block: Uint8Array, maxBytes: number): HttpResponse {
  let headEnd = -1;
  let bodyStart = -1;
  for (let p = 0; p < Math.min(block.byteLength, 1024 * 1024); p++) {
    if (block[p] === 10 && block[p + 1] === 10) {
      headEnd = p;
      bodyStart = p + 2;
      break;
    }
    if (block[p] === 13 && block[p + 1] === 10 && block[p + 2] === 13 && block[p + 3] === 10) {
      headEnd = p;
      bodyStart = p + 4;
      break;
    }
  }
  if (headEnd < 0) {
    headEnd = block.byteLength;
    bodyStart = block.byteLength;
  }
  const lines = decoder.decode(block.subarray(0, headEnd)).split(/\r?\n/);
  const status = /^HTTP\/\d(?:\.\d)?\s+(\d{3})/.exec(lines[0] ?? '')?.[1];
  if (!status) throw new BodyError(`not an HTTP response (“${(lines[0] ?? '').slice(0, 40)}”)`);
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  let body = block.subarray(bodyStart);
  if (/\bchunked\b/i.test(headers.get('transfer-encoding') ?? '')) body = dechunked(body) ?? body;
  const coding = (headers.get('content-encoding') ?? '').trim().toLowerCase();
  if (coding && coding !== 'identity' && body.byteLength) body = decoded(body, coding, maxBytes);
  if (body.byteLength > maxBytes) throw new BodyError(`its body is larger than ${maxBytes} bytes`);
  return { status: Number(status), headers, body };
}

/** A chunked body's data, or null when it is not well formed (a capture tool may have undone it already). */
function dechunked(body: Uint8Array): Uint8Array | null {
  const parts: Uint8Array[] = [];
  let at = 0;
  for (;;) {
    let lineEnd = at;
    while (lineEnd < body.byteLength && body[lineEnd] !== 10) lineEnd++;
    if (lineEnd >= body.byteLength) return null;
    const size = parseInt(decoder.decode(body.subarray(at, lineEnd)).split(';')[0]!.trim(), 16);
    if (!Number.isFinite(size) || size < 0) return null;
    at = lineEnd + 1;
    if (size === 0) return concatBytes(parts);
    if (at + size > body.byteLength) return null;
    parts.push(body.subarray(at, at + size));
    at += size;
    if (body[at] === 13) at++;
    if (body[at] === 10) at++;
  }
}

/** gzip or deflate undone as a stream, stopped past `maxBytes`: a small body may expand to gigabytes. */
function decoded(body: Uint8Array, coding: string, maxBytes: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const collect = (chunk: Uint8Array) => {
    size += chunk.byteLength;
    if (size > maxBytes) throw new BodyError(`its body expands to more than ${maxBytes} bytes`);
    chunks.push(chunk);
  };
  const run = (stream: { push(chunk: Uint8Array, final?: boolean): void }) => {
    for (let p = 0; p < body.byteLength; p += 65536) stream.push(body.subarray(p, Math.min(p + 65536, body.byteLength)), p + 65536 >= body.byteLength);
  };
  try {
    if (coding === 'gzip' || coding === 'x-gzip') run(new Gunzip(collect));
    // "deflate" means zlib-wrapped, but servers send raw deflate too: browsers take both.
    else if (coding === 'deflate') {
      try {
        run(new Unzlib(collect));
      } catch (error) {
        if (error instanceof BodyError) throw error;
        chunks.length = 0;
        size = 0;
        run(new Inflate(collect));
      }
    } else throw new BodyError(`its body is compressed with “${coding}”, which Samizdat cannot read`);
  } catch (error) {
    if (error instanceof BodyError) throw error;
    throw new BodyError(`its ${coding} body cannot be decompressed (${(error as Error).message})`);
  }
  return concatBytes(chunks, size);
}
