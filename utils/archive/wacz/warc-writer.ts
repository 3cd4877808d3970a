import type { Packer } from '../pack';
import { packFile } from '../pack';
import { StreamedFile } from '../streamed-file';
import type { ZipWriter } from '../zip-writer';
import { recordId, warcFields, warcRecord, type WarcRecordFields } from './warc-record';

/**
 * A WARC file is closed, and the next begun, once it holds this much: each stays small enough for
 * a reader to hold one whole (Samizdat's own reads a file of an archive whole, up to 64 MB), and
 * no file is ever split, since a record never is.
 */
export const WARC_FILE_BYTES = 32 * 1024 * 1024;
/** Records given to the packer and not yet written, beyond which `ready` waits, as the ZIP's. */
const PACKING_BYTES = 16 * 1024 * 1024;

/** Where a record was written: what a CDXJ line points at. */
export interface RecordPlace {
  filename: string;
  offset: number;
  length: number;
}

/** A finished WARC file, for the WACZ's datapackage. */
export interface WarcFile {
  path: string;
  bytes: number;
  sha256: Promise<string>;
}

/** The gzip header browsers write (RFC 1952): deflate, no name, no time, unknown system. */
const GZIP_HEADER = new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);

/**
 * Records into `.warc.gz` files inside an archive being written (utils/archive/zip-writer.ts):
 * each record its own gzip member, as WARC 1.1 (annex D) asks and as a CDXJ index needs, so that
 * a reader can start at any record's offset. Records are deflated by the export's packer (a
 * worker) while the next are made, and written in the order added. Each file starts with a
 * warcinfo record naming the software, and is stored in the ZIP as it is (its records are
 * compressed already, and WACZ readers seek into it).
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
    private readonly pack: Packer = packFile,
  ) {}

  /** Adds a record; resolves to where it was written, or rejects as the export fails. */
  add(fields: WarcRecordFields, block: Uint8Array, blockSha256?: string): Promise<RecordPlace> {
    if (this.failure) throw this.failure;
    const size = block.byteLength;
    this.packingBytes += size;
    const member = warcRecord(fields, block, blockSha256).then((record) => this.member(record));
    const place = Promise.all([member, this.written]).then(([bytes]) => this.append(bytes));
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

  private async member(record: Uint8Array): Promise<Uint8Array> {
    const { data, crc, size } = await this.pack(record, true);
    const member = new Uint8Array(GZIP_HEADER.byteLength + data.byteLength + 8);
    member.set(GZIP_HEADER);
    member.set(data, GZIP_HEADER.byteLength);
    const trailer = new DataView(member.buffer, GZIP_HEADER.byteLength + data.byteLength);
    trailer.setUint32(0, crc, true);
    trailer.setUint32(4, size, true);
    return member;
  }

  private async append(member: Uint8Array): Promise<RecordPlace> {
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
    this.file = new StreamedFile(false);
    const id = await recordId('warcinfo', this.fileName, String(this.date));
    const info = await warcRecord({ type: 'warcinfo', id, date: this.date, filename: this.fileName, contentType: 'application/warc-fields' }, warcFields(this.info));
    await this.file.write(await this.member(info));
  }

  private close(): void {
    if (!this.file) return;
    const path = `archive/${this.fileName}`;
    this.files.push({ path, bytes: this.file.length, sha256: this.zip.addStreamed(path, this.file) });
    this.file = null;
  }
}
