import { packFile, type PackedFile, type Packer } from './pack';
import { t } from '../i18n';
import { BlobParts } from './blob-parts';
import type { StreamedFile } from './streamed-file';

/** Output is gathered into a Blob every few megabytes: a Blob may live on disk, an array does not. */
const PART_BYTES = 4 * 1024 * 1024;
/** The central directory, a hundred-odd bytes a file, is gathered into Blobs too, every 256 KB. */
const DIRECTORY_PART_BYTES = 256 * 1024;
/** Bytes given to the packer and not yet written, beyond which `ready` waits: memory stays bounded. */
const PACKING_BYTES = 16 * 1024 * 1024;
/** What a ZIP without ZIP64 can count and address. */
const MAX_FILES = 0xffff;
const MAX_OFFSET = 0xffffffff;

const SIGNATURE = { local: 0x04034b50, central: 0x02014b50, descriptor: 0x08074b50, end: 0x06054b50 } as const;
/** General purpose flags: sizes and checksum follow the data (bit 3); the name is UTF-8 (bit 11). */
const FLAG_DESCRIPTOR = 0x0008;
const FLAG_UTF8 = 0x0800;

/** MS-DOS date and time, in local time as ZIP tools read it; years before 1980 cannot be written. */
function dosTime(date: Date): number {
  const year = Math.min(Math.max(date.getFullYear(), 1980), 2107) - 1980;
  return ((year << 25) | ((date.getMonth() + 1) << 21) | (date.getDate() << 16) | (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1)) >>> 0;
}

/**
 * A ZIP written file by file into a Blob, so that an archive of any size never sits whole in the
 * page's memory: only the files being packed and the last few megabytes of output do. Each
 * file's sizes and checksum follow its data (a data descriptor, docs/FORMAT.md) and are repeated in
 * the central directory at the end, which is itself kept as Blobs as it grows: a page's memory does
 * not grow with the number of files (fflate's streaming Zip kept about 1.1 KB a file until the end).
 * Files are packed (encoded, hashed, deflated) here, or by a Packer given (a worker), while the
 * caller prepares the next ones; they are written in the order they were added.
 */
export class ZipWriter {
  private readonly output = new BlobParts(PART_BYTES);
  private readonly directory = new BlobParts(DIRECTORY_PART_BYTES);
  private readonly time: number;
  private offset = 0;
  private files = 0;
  private failure: Error | undefined;
  /** The last file's write: each waits for the one before, so the order is the order added. */
  private written: Promise<void> = Promise.resolve();
  private readonly packing = new Set<Promise<void>>();
  private packingBytes = 0;

  constructor(
    mtime: Date,
    private readonly pack: Packer = packFile,
  ) {
    this.time = dosTime(mtime);
  }

  /**
   * Compress text and markup; store what is compressed already (images), or must not be (EPUB's
   * mimetype). Bytes must not change until the archive is finished. Resolves to the SHA-256 of
   * the file's content (for a manifest), or rejects as the archive fails.
   */
  add(name: string, content: Uint8Array | string, compress: boolean): Promise<string> {
    // Text waits as UTF-16: two bytes a character at most.
    const size = typeof content === 'string' ? content.length * 2 : content.byteLength;
    return this.enter(name, compress, size, () => this.pack(content, compress));
  }

  /**
   * A file written piece by piece elsewhere (a WARC, a list of pages) and packed as it grew: it
   * joins the archive once closed, after the files added before it. Resolves to its SHA-256.
   */
  addStreamed(name: string, file: StreamedFile): Promise<string> {
    return this.enter(name, file.compressed, 0, () => file.close());
  }

  private enter(name: string, compress: boolean, size: number, packing: () => Promise<PackedFile>): Promise<string> {
    if (this.failure) throw this.failure;
    // Counted when added, so that an archive too large for a ZIP is refused before it is written.
    if (++this.files > MAX_FILES) throw (this.failure = new Error(t('archiveTooManyFiles')));
    const nameBytes = new TextEncoder().encode(name);
    const flags = FLAG_DESCRIPTOR | (nameBytes.byteLength !== name.length ? FLAG_UTF8 : 0);
    const method = compress ? 8 : 0;
    this.packingBytes += size;
    const packed = packing();
    // Never rejects: a failure is kept, and every later file and `finish` see it.
    const step = Promise.all([packed, this.written]).then(
      ([file]) => this.write(nameBytes, flags, method, file),
      (error: Error) => void (this.failure ??= error),
    );
    this.written = step;
    const job: Promise<void> = step.finally(() => {
      this.packingBytes -= size;
      this.packing.delete(job);
    });
    this.packing.add(job);
    const hash = packed.then((file) => file.sha256);
    // The caller may not wait for it: the archive's failure is reported by `ready` and `finish`.
    hash.catch(() => undefined);
    return hash;
  }

  /** A file's local header, data and descriptor to the output, its record to the directory. */
  private write(name: Uint8Array, flags: number, method: number, { data, crc, size }: PackedFile): void {
    if (this.failure) return;
    const dataSize = data instanceof Blob ? data.size : data.byteLength;
    if (this.offset + 30 + name.byteLength + dataSize + 16 > MAX_OFFSET || size > MAX_OFFSET) {
      this.failure = new Error(t('archiveTooLarge'));
      return;
    }
    const local = new Uint8Array(30 + name.byteLength);
    const head = new DataView(local.buffer);
    head.setUint32(0, SIGNATURE.local, true);
    head.setUint16(4, 20, true);
    head.setUint16(6, flags, true);
    head.setUint16(8, method, true);
    head.setUint32(10, this.time, true);
    // CRC-32 and sizes (14 to 25) are zero here: they follow in the descriptor.
    head.setUint16(26, name.byteLength, true);
    local.set(name, 30);
    const descriptor = new Uint8Array(16);
    const tail = new DataView(descriptor.buffer);
    tail.setUint32(0, SIGNATURE.descriptor, true);
    tail.setUint32(4, crc, true);
    tail.setUint32(8, dataSize, true);
    tail.setUint32(12, size, true);
    const record = new Uint8Array(46 + name.byteLength);
    const entry = new DataView(record.buffer);
    entry.setUint32(0, SIGNATURE.central, true);
    entry.setUint16(4, 20, true);
    entry.setUint16(6, 20, true);
    entry.setUint16(8, flags, true);
    entry.setUint16(10, method, true);
    entry.setUint32(12, this.time, true);
    entry.setUint32(16, crc, true);
    entry.setUint32(20, dataSize, true);
    entry.setUint32(24, size, true);
    entry.setUint16(28, name.byteLength, true);
    // Extra field, comment, disk and attributes (30 to 41) are zero.
    entry.setUint32(42, this.offset, true);
    record.set(name, 46);
    this.output.push(local);
    this.output.push(data);
    this.output.push(descriptor);
    this.directory.push(record);
    this.offset += local.byteLength + dataSize + descriptor.byteLength;
  }

  /** Resolves when few enough bytes wait to be packed: call between files to bound memory. */
  async ready(): Promise<void> {
    while (this.packingBytes > PACKING_BYTES && this.packing.size) await Promise.race(this.packing);
    if (this.failure) throw this.failure;
  }

  /** The finished archive: the files, the central directory, and its end record. */
  async finish(type = 'application/zip'): Promise<Blob> {
    await this.written;
    if (this.failure) throw this.failure;
    const directory = this.directory.blobs();
    const directorySize = directory.reduce((n, part) => n + part.size, 0);
    const files = Math.min(this.files, MAX_FILES);
    if (this.offset + directorySize > MAX_OFFSET) throw new Error(t('archiveTooLarge'));
    const end = new Uint8Array(22);
    const record = new DataView(end.buffer);
    record.setUint32(0, SIGNATURE.end, true);
    record.setUint16(8, files, true);
    record.setUint16(10, files, true);
    record.setUint32(12, directorySize, true);
    record.setUint32(16, this.offset, true);
    return new Blob([...this.output.blobs(), ...directory, end], { type });
  }
}
