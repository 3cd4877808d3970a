import { ZipPassThrough } from 'fflate';
import { sha256Hex } from '../integrity/hash';
import { concatBytes } from './bytes';

/**
 * A file made ready for a ZIP: its bytes as written (deflated, or stored as they are), the CRC-32
 * and size the ZIP records of them, and the SHA-256 of its content, which the manifest lists.
 */
export interface PackedFile {
  /** A Blob for a file packed as it was written (utils/archive/streamed-file.ts). */
  data: Uint8Array | Blob;
  crc: number;
  size: number;
  sha256: string;
}

/** A file packed whole, its bytes in memory. */
export type PackedBytes = PackedFile & { data: Uint8Array };

/** Packs files for a ZipWriter: here (`packFile`), or in a worker (utils/archive/worker-packer.ts). */
export type Packer = (content: Uint8Array | string, compress: boolean) => Promise<PackedBytes>;

/**
 * Text as UTF-8, hashed, and deflated by the browser's own zlib (CompressionStream), or stored as
 * it is (images, EPUB's mimetype). The one compression setting of every ZIP Samizdat writes.
 * fflate's deflate, used before, ran at 8 MB/s in Chromium (four times slower than in Node) and
 * kept a whole core busy through an export; the browser's is several times faster
 * (docs/BENCHMARKS.md). A gzip stream is asked for rather than raw deflate because its trailer
 * carries the CRC-32 the ZIP needs, reckoned natively as well.
 */
export async function packFile(content: Uint8Array | string, compress: boolean): Promise<PackedBytes> {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  const [sha256, packed] = await Promise.all([sha256Hex(bytes), compress ? deflated(bytes) : stored(bytes)]);
  return { ...packed, sha256 };
}

/** Bytes deflated by the browser's zlib: the raw deflate data, with the CRC-32 and size of what went in. */
export async function deflated(bytes: Uint8Array): Promise<Omit<PackedBytes, 'sha256'>> {
  const stream = new CompressionStream('gzip');
  const writer = stream.writable.getWriter();
  // Not awaited: writing settles only as the output is read; a failure reaches the reader too.
  writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => undefined);
  writer.close().catch(() => undefined);
  const chunks: Uint8Array[] = [];
  const reader = stream.readable.getReader();
  for (let step = await reader.read(); !step.done; step = await reader.read()) chunks.push(step.value);
  const member = gzipMember(concatBytes(chunks));
  // The trailer counts the input modulo 2^32: a stream cut short would not match it.
  if (member.size !== bytes.byteLength % 2 ** 32) throw new Error('compression ended early');
  return { data: member.data, crc: member.crc, size: bytes.byteLength };
}

async function stored(bytes: Uint8Array): Promise<Omit<PackedBytes, 'sha256'>> {
  // fflate's pass-through reckons the CRC-32 that ZIP readers check; its output is the input.
  const file = new ZipPassThrough('');
  file.ondata = () => undefined;
  file.push(bytes, true);
  return { data: bytes, crc: file.crc, size: bytes.byteLength };
}

const GZIP_FLAGS = { headerCrc: 2, extra: 4, name: 8, comment: 16 } as const;

/**
 * The raw deflate data inside one gzip member (RFC 1952), with its trailer's CRC-32 and size.
 * Browsers write a bare ten-byte header; the optional fields are skipped all the same.
 */
export function gzipMember(gz: Uint8Array): { data: Uint8Array; crc: number; size: number } {
  if (gz.byteLength < 18 || gz[0] !== 0x1f || gz[1] !== 0x8b || gz[2] !== 8) throw new Error('the compressor did not write gzip');
  const flags = gz[3]!;
  let at = 10;
  if (flags & GZIP_FLAGS.extra) at += 2 + (gz[at]! | (gz[at + 1]! << 8));
  if (flags & GZIP_FLAGS.name) while (at < gz.byteLength && gz[at++] !== 0);
  if (flags & GZIP_FLAGS.comment) while (at < gz.byteLength && gz[at++] !== 0);
  if (flags & GZIP_FLAGS.headerCrc) at += 2;
  if (at > gz.byteLength - 8) throw new Error('the compressor did not write gzip');
  const trailer = new DataView(gz.buffer, gz.byteOffset + gz.byteLength - 8, 8);
  return { data: gz.subarray(at, gz.byteLength - 8), crc: trailer.getUint32(0, true), size: trailer.getUint32(4, true) };
}
