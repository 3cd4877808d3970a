import { StreamedFile } from '../streamed-file';
import type { ZipWriter } from '../zip-writer';
import { packHere, type RecordBlock, type WarcPacker } from './record-packer';
import { recordId, warcFields, type WarcRecordFields } from './warc-record';

/**
 * A WARC file is closed, and the next begun, once it holds this much: each stays small enough for
 * a reader to hold one whole (Samizdat's own reads a file of an archive whole, up to 64 MB), and
 * no file is ever split, since a record never is.
 */
export const WARC_FILE_BYTES = 32 * 1024 * 1024;
/** Records given to the packer and not yet written, beyond which `ready` waits, as the ZIP's. */
const PACKING_BYTES = 16 * 1024 * 1024;

/** Where a record was written (what a CDXJ line points at), and its block's digest and size. */
export interface RecordPlace {
  filename: string;
  offset: number;
  length: number;
  blockSha256: string;
  blockBytes: number;
}

/** A finished WARC file, for the WACZ's datapackage. */
export interface WarcFile {
  path: string;
  bytes: number;
  sha256: Promise<string>;
}

/**
 * Records into `.warc.gz` files inside an archive being written (utils/archive/zip-writer.ts):
 * each record its own gzip member (utils/archive/wacz/record-packer.ts), made by the export's
 * packer (a worker: encoded, digested, deflated) while the next are made, and written in the
 * order added. Each file starts with a warcinfo record naming the software, and is stored in the
 * ZIP as it is (its records are compressed already, and WACZ readers seek into it); its SHA-256
 * and CRC-32 are worked out by the packer too, from the finished file.
 */
export class WarcWriter {
  private file: StreamedFile | null = null;
  private fileName = '';
  private count = 0;
  private readonly files: WarcFile[] = [];
  private written: Promise<void> = Promise.resolve();
  private failure: Error | undefined;
  private readonly packing = new Set<Promise<unknown>>();
  private packingBytes = 0;

  constructor(
    private readonly zip: ZipWriter,
    /** The warcinfo fields of every file (software, format, description). */
    private readonly info: Record<string, string>,
    /** When the export began: the warcinfo records' date. */
    private readonly date: number,
    private readonly packer: WarcPacker = packHere,
  ) {}

  /** Adds a record; resolves to where it was written, with its block's digest and size, or rejects as the export fails. */
  add(fields: WarcRecordFields, block: RecordBlock, blockSha256?: string): Promise<RecordPlace> {
    if (this.failure) throw this.failure;
    // What waiting for the packer holds: text as the page's strings do (two bytes a character at most).
    const size = typeof block === 'string' ? block.length * 2 : block instanceof Blob ? block.size : block.byteLength;
    this.packingBytes += size;
    const packed = this.packer.record(fields, block, blockSha256);
    const place = Promise.all([packed, this.written]).then(async ([record]) => ({ ...(await this.append(record.member)), blockSha256: record.blockSha256, blockBytes: record.blockBytes }));
    this.written = place.then(
      () => undefined,
      (error: Error) => void (this.failure ??= error),
    );
    const job = place.finally(() => {
      this.packingBytes -= size;
      this.packing.delete(job);
    });
    job.catch(() => undefined);
    this.packing.add(job);
    return place;
  }

  /** Resolves when few enough records wait to be packed: call between pages to bound memory. */
  async ready(): Promise<void> {
    while (this.packingBytes > PACKING_BYTES && this.packing.size) await Promise.race(this.packing).catch(() => undefined);
    if (this.failure) throw this.failure;
  }

  /** Closes the last file; the files written, in order. */
  async finish(): Promise<WarcFile[]> {
    await this.written;
    if (this.failure) throw this.failure;
    this.close();
    return this.files;
  }

  private async append(member: Uint8Array): Promise<Omit<RecordPlace, 'blockSha256' | 'blockBytes'>> {
    if (this.failure) throw this.failure;
    if (this.file && this.file.length + member.byteLength > WARC_FILE_BYTES) this.close();
    if (!this.file) await this.open();
    const offset = this.file!.length;
    await this.file!.write(member);
    return { filename: this.fileName, offset, length: member.byteLength };
  }

  private async open(): Promise<void> {
    this.count++;
    this.fileName = `samizdat-${String(this.count).padStart(5, '0')}.warc.gz`;
    this.file = new StreamedFile(false, (file) => this.packer.sums(file));
    const id = await recordId('warcinfo', this.fileName, String(this.date));
    const info = await this.packer.record({ type: 'warcinfo', id, date: this.date, filename: this.fileName, contentType: 'application/warc-fields' }, warcFields(this.info));
    await this.file.write(info.member);
  }

  private close(): void {
    if (!this.file) return;
    const path = `archive/${this.fileName}`;
    this.files.push({ path, bytes: this.file.length, sha256: this.zip.addStreamed(path, this.file) });
    this.file = null;
  }
}
