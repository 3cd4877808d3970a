import { Zip, ZipPassThrough, type ZipInputFile } from 'fflate';
import { deflateFile, type Deflater } from './deflate';

/** Parts are gathered into a Blob every few megabytes: a Blob may live on disk, an array does not. */
const PART_BYTES = 4 * 1024 * 1024;
/** Bytes given to the deflater and not yet back, beyond which `ready` waits: memory stays bounded. */
const DEFLATING_BYTES = 16 * 1024 * 1024;

/**
 * A ZIP written file by file into a Blob, so that an archive of any size never sits whole in the
 * page's memory: only the files being added and the last few megabytes of output do. fflate does
 * the ZIP work, streaming: each file's sizes and checksum follow its data (a data descriptor) and
 * are in the directory at the end. Files are deflated here, or by a Deflater given (a worker),
 * while the caller prepares the next ones; they are written in the order they were added.
 */
export class ZipWriter {
  private readonly zip: Zip;
  private readonly parts: Blob[] = [];
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private failure: Error | undefined;
  private ended = false;
  private resolveEnd: (() => void) | undefined;
  private readonly mtime: Date;
  private readonly deflating = new Set<Promise<void>>();
  private deflatingBytes = 0;

  constructor(
    mtime: Date,
    private readonly deflate?: Deflater,
  ) {
    this.mtime = mtime;
    this.zip = new Zip((error, chunk, final) => {
      if (error) {
        this.failure = error;
        return;
      }
      this.pending.push(chunk);
      this.pendingBytes += chunk.byteLength;
      if (this.pendingBytes >= PART_BYTES || final) this.flush();
      if (final) {
        this.ended = true;
        this.resolveEnd?.();
      }
    });
  }

  private flush(): void {
    if (!this.pending.length) return;
    this.parts.push(new Blob(this.pending as Uint8Array<ArrayBuffer>[]));
    this.pending = [];
    this.pendingBytes = 0;
  }

  /**
   * Compress text and markup; store what is compressed already (images), or must not be (EPUB's
   * mimetype). The bytes must not change until the archive is finished.
   */
  add(name: string, data: Uint8Array | string, compress: boolean): void {
    if (this.failure) throw this.failure;
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    if (!compress) {
      const file = new ZipPassThrough(name);
      file.mtime = this.mtime;
      this.zip.add(file);
      file.push(bytes, true);
    } else {
      // Added now, so it keeps its place; its data follows when deflated.
      const file: ZipInputFile = { filename: name, size: 0, crc: 0, compression: 8, mtime: this.mtime };
      this.zip.add(file);
      const deliver = (out: { data: Uint8Array; crc: number; size: number }) => {
        file.crc = out.crc;
        file.size = out.size;
        file.ondata!(null, out.data as Uint8Array<ArrayBuffer>, true);
      };
      if (!this.deflate) deliver(deflateFile(bytes));
      else {
        const size = bytes.byteLength;
        this.deflatingBytes += size;
        const job: Promise<void> = this.deflate(bytes)
          .then(deliver, (error: Error) => void (this.failure ??= error))
          .finally(() => {
            this.deflatingBytes -= size;
            this.deflating.delete(job);
          });
        this.deflating.add(job);
      }
    }
    if (this.failure) throw this.failure;
  }

  /** Resolves when few enough bytes wait to be deflated: call between files to bound memory. */
  async ready(): Promise<void> {
    while (this.deflatingBytes > DEFLATING_BYTES && this.deflating.size) await Promise.race(this.deflating);
    if (this.failure) throw this.failure;
  }

  /** The finished archive. */
  async finish(type = 'application/zip'): Promise<Blob> {
    await Promise.all(this.deflating);
    if (this.failure) throw this.failure;
    const ended = new Promise<void>((resolve) => {
      this.resolveEnd = resolve;
    });
    this.zip.end();
    if (!this.ended) await ended;
    if (this.failure) throw this.failure;
    this.flush();
    return new Blob(this.parts, { type });
  }
}
