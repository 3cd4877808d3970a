import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';

/** Parts are gathered into a Blob every few megabytes: a Blob may live on disk, an array does not. */
const PART_BYTES = 4 * 1024 * 1024;

/**
 * A ZIP written file by file into a Blob, so that an archive of any size never sits whole in the
 * page's memory: only the file being added and the last few megabytes of output do. fflate does
 * the ZIP work; each file is pushed in one piece, so every local header carries its sizes and a
 * streaming reader can walk the archive without its central directory.
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

  constructor(mtime: Date) {
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

  /** Compress text and markup; store what is compressed already (images), or must not be (EPUB's mimetype). */
  add(name: string, data: Uint8Array | string, compress: boolean): void {
    if (this.failure) throw this.failure;
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    const file = compress ? new ZipDeflate(name, { level: 6 }) : new ZipPassThrough(name);
    file.mtime = this.mtime;
    this.zip.add(file);
    file.push(bytes, true);
    if (this.failure) throw this.failure;
  }

  /** The finished archive. */
  async finish(type = 'application/zip'): Promise<Blob> {
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
