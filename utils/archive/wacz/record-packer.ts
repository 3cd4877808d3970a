import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { sha256Hex } from '../../integrity/hash';
import { Crc32 } from '../crc32';
import { deflated } from '../pack';
import { warcRecord, type WarcRecordFields } from './warc-record';

/** A record's block as the export has it: text (a copy's page, a metadata record's JSON), or an image's bytes, in memory or in its Blob. */
export type RecordBlock = string | Uint8Array | Blob;

/** A record made ready for a WARC file: its gzip member, and what the index and the list of pages say of its block. */
export interface PackedRecord {
  member: Uint8Array;
  blockSha256: string;
  blockBytes: number;
}

/** What a finished WARC file's bytes come to: the SHA-256 that datapackage.json lists, the CRC-32 the ZIP does. */
export interface FileSums {
  sha256: string;
  crc: number;
}

/**
 * Makes a web archive's records and sums its finished files: here (`packHere`), or in the export's
 * worker (utils/archive/worker-packer.ts), where encoding, digesting, deflating and hashing every
 * byte of the WARC files leave the library page free to render the next copies.
 */
export interface WarcPacker {
  record(fields: WarcRecordFields, block: RecordBlock, blockSha256?: string): Promise<PackedRecord>;
  sums(file: Blob): Promise<FileSums>;
}

/** The gzip header browsers write (RFC 1952): deflate, no name, no time, unknown system. */
const GZIP_HEADER = new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
const encoder = new TextEncoder();

/**
 * One record as its own gzip member, as WARC 1.1 (annex D) asks and as a CDXJ index needs: a
 * reader can start at any record's offset. `blockSha256`, when the caller has it (an image's
 * hash is its name in the library), spares digesting the block again.
 */
export async function packRecord(fields: WarcRecordFields, block: RecordBlock, blockSha256?: string): Promise<PackedRecord> {
  const bytes = typeof block === 'string' ? encoder.encode(block) : block instanceof Uint8Array ? block : new Uint8Array(await block.arrayBuffer());
  const digest = blockSha256 ?? (await sha256Hex(bytes));
  const { data, crc, size } = await deflated(await warcRecord(fields, bytes, digest));
  const member = new Uint8Array(GZIP_HEADER.byteLength + data.byteLength + 8);
  member.set(GZIP_HEADER);
  member.set(data, GZIP_HEADER.byteLength);
  const trailer = new DataView(member.buffer, GZIP_HEADER.byteLength + data.byteLength);
  trailer.setUint32(0, crc, true);
  trailer.setUint32(4, size, true);
  return { member, blockSha256: digest, blockBytes: bytes.byteLength };
}

/** A finished file's SHA-256 and CRC-32, read from its Blob a piece at a time (WebCrypto cannot hash a piece at a time). */
export async function fileSums(file: Blob): Promise<FileSums> {
  const hash = sha256.create();
  const crc = new Crc32();
  const reader = file.stream().getReader();
  for (let step = await reader.read(); !step.done; step = await reader.read()) {
    hash.update(step.value);
    crc.push(step.value);
  }
  return { sha256: bytesToHex(hash.digest()), crc: crc.value };
}

export const packHere: WarcPacker = { record: packRecord, sums: fileSums };
