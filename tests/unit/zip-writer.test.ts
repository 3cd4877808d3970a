import { gzipSync, inflateSync, strToU8, unzipSync, Zip, ZipPassThrough, type ZipInputFile } from 'fflate';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../utils/integrity/hash';
import { gzipMember, packFile, type Packer } from '../../utils/archive/pack';
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

/**
 * The same files through fflate's streaming Zip, which wrote Samizdat's archives until 2 December:
 * the records around each file's data must be the very bytes it wrote.
 */
async function fflateZip(files: typeof FILES): Promise<Uint8Array> {
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
      const out = await packFile(data, true);
      file.crc = out.crc;
      file.size = out.size;
      file.ondata!(null, out.data as Uint8Array<ArrayBuffer>, true);
    }
  }
  zip.end();
  return new Uint8Array(Buffer.concat(chunks));
}

async function written(files: typeof FILES, pack?: Packer): Promise<Uint8Array> {
  const zip = new ZipWriter(MTIME, pack);
  for (const [name, data, compress] of files) zip.add(name, data, compress);
  return new Uint8Array(await (await zip.finish()).arrayBuffer());
}

describe('the ZIP writer', () => {
  it('writes the very bytes fflate wrote around the same data, packing here', async () => {
    expect(Buffer.from(await written(FILES)).equals(Buffer.from(await fflateZip(FILES)))).toBe(true);
  });

  it('writes them in the order added when the packer answers out of order', async () => {
    // The first file answers last: as a worker can when a large file is followed by small ones.
    let delay = 40;
    const late: Packer = (content, compress) => new Promise((resolve) => setTimeout(() => resolve(packFile(content, compress)), (delay = Math.max(0, delay - 15))));
    expect(Buffer.from(await written(FILES, late)).equals(Buffer.from(await fflateZip(FILES)))).toBe(true);
  });

  it('gives each file’s SHA-256, for the manifest', async () => {
    const zip = new ZipWriter(MTIME);
    const hashes = await Promise.all(FILES.map(([name, data, compress]) => zip.add(name, data, compress)));
    expect(hashes).toEqual(await Promise.all(FILES.map(([, data]) => sha256Hex(data))));
    expect(await zip.add('text.txt', 'Псков', true)).toBe(await sha256Hex('Псков'));
  });

  it('is read back whole by fflate and by the archive reader', async () => {
    const bytes = await written(FILES, (content, compress) => packFile(content, compress));
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

  it('fails with the reason its packer gives', async () => {
    await expect(written(FILES, () => Promise.reject(new Error('the compression worker stopped')))).rejects.toThrow('the compression worker stopped');
  });

  it('refuses a 65,536th file, which a ZIP without ZIP64 cannot list, with a sentence', () => {
    // Packing nothing, 65,535 times: only the count is tested here.
    const zip = new ZipWriter(MTIME, async () => ({ data: new Uint8Array(), crc: 0, size: 0, sha256: '' }));
    const none = new Uint8Array();
    for (let i = 0; i < 0xffff; i++) zip.add(`f${i}`, none, false);
    expect(() => zip.add('one-too-many', none, false)).toThrow(/65,535 files.*fewer pages/);
  });
});

describe('packing a file', () => {
  it.each([
    ['nothing', new Uint8Array()],
    ['a little text', strToU8('Псков, 2 декабря. ')],
    ['a megabyte of text', strToU8('Городской суд оштрафовал редакцию. '.repeat(16_000))],
    ['bytes that do not compress', new Uint8Array(200_000).map((_, i) => (i * 2654435761) >>> 24)],
  ])('deflates %s to what inflates back, with its CRC-32, size and SHA-256', async (_, data) => {
    const packed = await packFile(data, true);
    expect(Buffer.from(inflateSync(packed.data)).equals(Buffer.from(data))).toBe(true);
    expect(packed.size).toBe(data.byteLength);
    expect(packed.crc).toBe((await packFile(data, false)).crc);
    expect(packed.sha256).toBe(await sha256Hex(data));
  });

  it('stores bytes as they are, with the CRC-32 fflate reckons', async () => {
    const data = FILES[2]![1];
    const stored = await packFile(data, false);
    expect(stored.data).toEqual(data);
    const check = new ZipPassThrough('');
    check.ondata = () => undefined;
    check.push(data, true);
    expect(stored.crc).toBe(check.crc);
  });

  it('encodes text as UTF-8 before hashing and deflating it', async () => {
    const packed = await packFile('Тегеран, 1404', true);
    expect(new TextDecoder().decode(inflateSync(packed.data))).toBe('Тегеран, 1404');
    expect(packed.sha256).toBe(await sha256Hex(strToU8('Тегеран, 1404')));
  });

  it('reads a gzip member whose header has a name, a comment and extra fields', () => {
    const data = strToU8('Минск '.repeat(100));
    const plain = gzipSync(data);
    // The same member with FEXTRA, FNAME and FCOMMENT set, as another compressor might write it.
    const extra = [4, 0, 1, 2, 3, 4];
    const name = [...strToU8('a.txt'), 0];
    const comment = [...strToU8('note'), 0];
    const header = [...plain.subarray(0, 3), 4 | 8 | 16, ...plain.subarray(4, 10)];
    const member = new Uint8Array([...header, ...extra, ...name, ...comment, ...plain.subarray(10)]);
    const read = gzipMember(member);
    expect(inflateSync(read.data)).toEqual(data);
    expect(read.size).toBe(data.byteLength);
    expect(read).toEqual(gzipMember(plain));
  });

  it('refuses what is not a gzip member', () => {
    expect(() => gzipMember(new Uint8Array(20))).toThrow('did not write gzip');
    expect(() => gzipMember(gzipSync(strToU8('x')).subarray(0, 12))).toThrow('did not write gzip');
    // A header whose optional name runs past the end of what was written.
    const nameless = gzipSync(strToU8('x'));
    const cut = new Uint8Array([...nameless.subarray(0, 3), 8, ...nameless.subarray(4, 10), ...strToU8('no end to this name')]);
    expect(() => gzipMember(cut)).toThrow('did not write gzip');
  });
});
