import { strToU8, unzipSync, Zip, ZipPassThrough, type ZipInputFile } from 'fflate';
import { describe, expect, it } from 'vitest';
import { deflateFile, type Deflater } from '../../utils/archive/deflate';
import { ZipWriter } from '../../utils/archive/zip-writer';
import { blobSource, readEntries } from '../../utils/archive/zip-reader';

const MTIME = new Date(2026, 11, 2, 14, 37, 58);
const FILES: [name: string, data: Uint8Array, compress: boolean][] = [
  ['mimetype', strToU8('application/epub+zip'), false],
  ['index.html', strToU8('<!doctype html><title>Saved articles</title>'.repeat(200)), true],
  ['images/photo.png', new Uint8Array(70_000).map((_, i) => (i * 7919) & 255), false],
  ['empty.json', new Uint8Array(), true],
  ['Новости/статья «Псков».md', strToU8('# Псков\n\nТекст статьи.\n'.repeat(50)), true],
];

/** The same files through fflate's streaming Zip, which wrote Samizdat's archives until now. */
function fflateZip(files: typeof FILES): Uint8Array {
  const chunks: Uint8Array[] = [];
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    chunks.push(chunk);
  });
  for (const [name, data, compress] of files) {
    if (!compress) {
      const file = new ZipPassThrough(name);
      file.mtime = MTIME;
      zip.add(file);
      file.push(data, true);
    } else {
      const file: ZipInputFile = { filename: name, size: 0, crc: 0, compression: 8, mtime: MTIME };
      zip.add(file);
      const out = deflateFile(data);
      file.crc = out.crc;
      file.size = out.size;
      file.ondata!(null, out.data as Uint8Array<ArrayBuffer>, true);
    }
  }
  zip.end();
  return new Uint8Array(Buffer.concat(chunks));
}

async function written(files: typeof FILES, deflate?: Deflater): Promise<Uint8Array> {
  const zip = new ZipWriter(MTIME, deflate);
  for (const [name, data, compress] of files) zip.add(name, data, compress);
  return new Uint8Array(await (await zip.finish()).arrayBuffer());
}

describe('the ZIP writer', () => {
  it('writes the very bytes fflate wrote, deflating here', async () => {
    expect(Buffer.from(await written(FILES)).equals(Buffer.from(fflateZip(FILES)))).toBe(true);
  });

  it('writes them in the order added when the deflater answers out of order', async () => {
    // The first file answers last: as a worker can when a large file is followed by small ones.
    let delay = 40;
    const late: Deflater = (bytes) => new Promise((resolve) => setTimeout(() => resolve(deflateFile(bytes)), (delay = Math.max(0, delay - 15))));
    expect(Buffer.from(await written(FILES, late)).equals(Buffer.from(fflateZip(FILES)))).toBe(true);
  });

  it('is read back whole by fflate and by the archive reader', async () => {
    const bytes = await written(FILES, async (b) => deflateFile(b));
    const unzipped = unzipSync(bytes);
    expect(Object.keys(unzipped)).toEqual(FILES.map(([name]) => name));
    for (const [name, data] of FILES) expect(unzipped[name]).toEqual(data);
    const read: string[] = [];
    await readEntries(blobSource(new Blob([bytes as Uint8Array<ArrayBuffer>])), async ({ name, bytes: data }) => {
      read.push(name);
      expect(data).toEqual(FILES.find(([n]) => n === name)![1]);
    });
    expect(read).toEqual(FILES.map(([name]) => name));
  });

  it('fails with the reason its deflater gives', async () => {
    await expect(written(FILES, () => Promise.reject(new Error('the compression worker stopped')))).rejects.toThrow('the compression worker stopped');
  });

  it('refuses a 65,536th file, which a ZIP without ZIP64 cannot list, with a sentence', () => {
    const zip = new ZipWriter(MTIME);
    const none = new Uint8Array();
    for (let i = 0; i < 0xffff; i++) zip.add(`f${i}`, none, false);
    expect(() => zip.add('one-too-many', none, false)).toThrow(/65,535 files.*fewer pages/);
  });
});
