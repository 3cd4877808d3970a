import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { BlobParts } from './blob-parts';
import { Crc32 } from './crc32';
import type { PackedFile } from './pack';
import type { FileSums } from './wacz/record-packer';

/** Output gathered into a Blob every few megabytes, as the ZIP's own (utils/archive/zip-writer.ts). */
const PART_BYTES = 4 * 1024 * 1024;

/**
 * One file of an archive written piece by piece, for files that grow with the library (a WARC,
 * a WACZ's list of pages) and must not wait whole in memory: each piece is hashed (SHA-256, which
 * WebCrypto cannot do a piece at a time, so @noble/hashes), counted into the ZIP's CRC-32, deflated
 * by the browser's own raw deflate if asked, and kept in Blobs. `close` gives it to a ZipWriter
 * (`addStreamed`) as one packed file.
 */
export class StreamedFile {
  private readonly parts = new BlobParts(PART_BYTES);
  private readonly hash = sha256.create();
  private readonly crc = new Crc32();
  private size = 0;
  private readonly deflate: { writer: WritableStreamDefaultWriter<BufferSource>; read: Promise<void> } | null;
  private closed: Promise<PackedFile> | null = null;
  private readonly summedLater: boolean;

  /**
   * `sums`: for a file stored as it is, its SHA-256 and CRC-32 worked out from the finished Blob
   * (by the export's worker) rather than as each piece is written here.
   */
  constructor(
    readonly compressed: boolean,
    private readonly sums?: (file: Blob) => Promise<FileSums>,
  ) {
    this.summedLater = !compressed && !!sums;
    if (!compressed) {
      this.deflate = null;
      return;
    }
    const stream = new CompressionStream('deflate-raw');
    const reader = stream.readable.getReader();
    const read = (async () => {
      for (let step = await reader.read(); !step.done; step = await reader.read()) this.parts.push(step.value);
    })();
    read.catch(() => undefined);
    this.deflate = { writer: stream.writable.getWriter(), read };
  }

  /** Bytes written so far (before deflating): where the next piece begins. */
  get length(): number {
    return this.size;
  }

  /** Appends a piece; its bytes must not change afterwards. Waits while the deflater is behind. */
  async write(piece: Uint8Array | string): Promise<void> {
    if (this.closed) throw new Error('the file was closed');
    const bytes = typeof piece === 'string' ? new TextEncoder().encode(piece) : piece;
    this.size += bytes.byteLength;
    if (!this.summedLater) {
      this.hash.update(bytes);
      this.crc.push(bytes);
    }
    if (!this.deflate) return this.parts.push(bytes);
    await this.deflate.writer.ready;
    this.deflate.writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => undefined);
  }

  /** The whole file as the ZIP stores it, with its CRC-32, size and SHA-256. */
  close(): Promise<PackedFile> {
    this.closed ??= (async () => {
      if (this.deflate) {
        await this.deflate.writer.close();
        await this.deflate.read;
      }
      const data = new Blob(this.parts.blobs());
      if (this.summedLater) return { data, size: this.size, ...(await this.sums!(data)) };
      return { data, crc: this.crc.value, size: this.size, sha256: bytesToHex(this.hash.digest()) };
    })();
    return this.closed;
  }
}
