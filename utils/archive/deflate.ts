import { ZipDeflate, ZipPassThrough } from 'fflate';
import { concatBytes } from './bytes';

/** A file's bytes deflated for a ZIP, with the checksum and size the ZIP records of it. */
export interface Deflated {
  data: Uint8Array;
  crc: number;
  size: number;
}

/** Deflates files for a ZipWriter, here or elsewhere (utils/archive/worker-deflater.ts). */
export type Deflater = (bytes: Uint8Array) => Promise<Deflated>;

/** The one compression setting of every ZIP Samizdat writes: fflate's deflate at level 6. */
export function deflateFile(bytes: Uint8Array): Deflated {
  const file = new ZipDeflate('', { level: 6 });
  const chunks: Uint8Array[] = [];
  file.ondata = (error, chunk) => {
    if (error) throw error;
    chunks.push(chunk);
  };
  file.push(bytes, true);
  return { data: concatBytes(chunks), crc: file.crc, size: file.size };
}

/** A file stored as it is (images, EPUB's mimetype), with the checksum and size the ZIP records of it. */
export function storeFile(bytes: Uint8Array): Deflated {
  // fflate's pass-through reckons the CRC-32 that ZIP readers check; its output is the input.
  const file = new ZipPassThrough('');
  file.ondata = () => undefined;
  file.push(bytes, true);
  return { data: bytes, crc: file.crc, size: bytes.byteLength };
}
