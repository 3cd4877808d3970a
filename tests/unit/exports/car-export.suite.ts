import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { unixfs } from '@helia/unixfs';
import { CarIndexer } from '@ipld/car/indexer';
import { CarReader } from '@ipld/car/reader';
import { MemoryBlockstore } from 'blockstore-core';
import { unzipSync } from 'fflate';
import { fixedSize } from 'ipfs-unixfs-importer/chunker';
import { balanced } from 'ipfs-unixfs-importer/layout';
import { UnixFS } from 'ipfs-unixfs';
import { decode as decodePb } from '@ipld/dag-pb';
import { CID } from 'multiformats/cid';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../cli/commands';
import { exportCar } from '../../../utils/archive/car/export-car';
import type { BuiltCar } from '../../../utils/archive/car/car-builder';
import { ImportRefused, importArchive } from '../../../utils/archive/import-archive';
import { describeReport } from '../../../utils/archive/report';
import { verifyArchive } from '../../../utils/archive/verify-archive';
import { blobSource } from '../../../utils/archive/zip-reader';
import { saveCapture } from '../../../utils/store/save-capture';
import type { LibraryDatabase } from '../../../utils/store/db';
import { exportBytes, libraryContents, renderWindow } from '../../helpers/archive';
import { saveCorpusLibrary, saveWithImage } from '../../helpers/corpus-library';
import { freshLibrary } from '../../helpers/db';
import { generatedArticle } from '../../helpers/generated-articles';
import { captureSeed } from '../../helpers/seed';

/**
 * The archive for IPFS against implementations written by others: @ipld/car reads it, its blocks
 * go into blockstore-core and @helia/unixfs reads every file back by path, `ipfs-car unpack`
 * unpacks it, and @helia/unixfs adding the unzipped archive with Kubo's CIDv1 settings (written out
 * here from Kubo's documentation, not taken from Samizdat) gives the same root CID.
 */
const NOW = () => Date.UTC(2026, 10, 25, 3);
const T0 = Date.UTC(2026, 0, 2, 3, 4, 5);
const IPFS_CAR = new URL('../../../node_modules/.bin/ipfs-car', import.meta.url).pathname;
const run = promisify(execFile);
/** `ipfs add -r --cid-version=1`: 256 KiB chunks, raw leaves, 174 links a node, HAMT past 256 KiB of links. */
const KUBO = { cidVersion: 1, rawLeaves: true, chunker: fixedSize({ chunkSize: 262_144 }), layout: balanced({ maxChildrenPerNode: 174 }), wrapWithDirectory: true } as const;

async function toBytes(got: Uint8Array | AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<Uint8Array> {
  if (got instanceof Uint8Array) return got;
  const chunks: Uint8Array[] = [];
  for await (const chunk of got) chunks.push(chunk);
  return Buffer.concat(chunks);
}
const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());

async function carOf(db: LibraryDatabase, now = NOW): Promise<BuiltCar & { bytes: Uint8Array }> {
  const built = await exportCar(db, { selection: { all: true }, generator: 'Samizdat test', win: renderWindow, now });
  return { ...built, bytes: await bytesOf(built.blob) };
}

/** The CAR's blocks in a blockstore of someone else's, through someone else's CAR reader. */
async function blockstoreOf(car: Uint8Array): Promise<{ store: MemoryBlockstore; roots: CID[] }> {
  const reader = await CarReader.fromBytes(car);
  const store = new MemoryBlockstore();
  for await (const { cid, bytes } of reader.blocks()) await store.put(cid, bytes);
  return { store, roots: (await reader.getRoots()) as CID[] };
}

async function rootCidOf(files: Record<string, Uint8Array>): Promise<string> {
  const fs = unixfs({ blockstore: new MemoryBlockstore() } as never);
  let root = '';
  for await (const entry of fs.addAll(Object.entries(files).map(([path, content]) => ({ path, content })), KUBO as never)) if (entry.path === '') root = entry.cid.toString();
  return root;
}

/** Every file under a directory's CID, by path, with its CID, as @helia/unixfs lists them. */
async function cidsByPath(store: MemoryBlockstore, root: CID): Promise<Map<string, string>> {
  const fs = unixfs({ blockstore: store } as never);
  const found = new Map<string, string>();
  const walk = async (cid: CID, path: string): Promise<void> => {
    for await (const entry of fs.ls(cid)) {
      const full = path ? `${path}/${entry.name}` : entry.name;
      if ((await fs.stat(entry.cid)).type === 'directory') await walk(entry.cid as CID, full);
      else found.set(full, entry.cid.toString());
    }
  };
  await walk(root, '');
  return found;
}

function filesUnder(dir: string): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path)] = new Uint8Array(readFileSync(path));
    }
  };
  walk(dir);
  return out;
}

describe('the archive for IPFS (CAR) of the corpus library', () => {
  const db = freshLibrary();
  let car: BuiltCar & { bytes: Uint8Array };
  let zip: Record<string, Uint8Array>;
  let zipBytes: Uint8Array;

  beforeAll(async () => {
    await saveCorpusLibrary(db, T0);
    // One image larger than an IPFS chunk: a file of several blocks.
    await saveWithImage(db, generatedArticle(9999), T0 + 500 * 61_001, 2000, 700_000);
    car = await carOf(db);
    zipBytes = await exportBytes(db);
    zip = unzipSync(zipBytes);
  }, 300_000);

  it('holds every file of the ZIP export, byte for byte, as @helia/unixfs reads them from a blockstore of its blocks', async () => {
    const { store, roots } = await blockstoreOf(car.bytes);
    expect(roots.map(String)).toEqual([car.root]);
    const fs = unixfs({ blockstore: store } as never);
    const listed = await cidsByPath(store, roots[0]!);
    expect([...listed.keys()].sort()).toEqual(Object.keys(zip).sort());
    expect(Object.keys(zip).length).toBeGreaterThan(400);
    for (const [path, bytes] of Object.entries(zip)) {
      const chunks: Uint8Array[] = [];
      for await (const chunk of fs.cat(roots[0]!, { path })) chunks.push(chunk);
      expect(Buffer.concat(chunks).equals(Buffer.from(bytes)), path).toBe(true);
    }
    // The large image is several raw blocks under a UnixFS file node; the rest are one raw block each.
    const big = Object.entries(zip).find(([path, bytes]) => path.startsWith('images/') && bytes.byteLength > 700_000)![0];
    expect(CID.parse(listed.get(big)!).code).toBe(0x70);
    expect(CID.parse(listed.get('index.html')!).code).toBe(0x55);
  });

  it('unpacks with ipfs-car into the very folder the ZIP unzips to', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'samizdat-car-'));
    writeFileSync(join(dir, 'library.car'), car.bytes);
    await run(IPFS_CAR, ['unpack', join(dir, 'library.car'), '--output', join(dir, 'out')]);
    const unpacked = filesUnder(join(dir, 'out'));
    expect(Object.keys(unpacked).sort()).toEqual(Object.keys(zip).sort());
    for (const [path, bytes] of Object.entries(zip)) expect(Buffer.from(unpacked[path]!).equals(Buffer.from(bytes)), path).toBe(true);
  }, 120_000);

  it('has the root CID that adding the unzipped folder with Kubo’s CIDv1 settings gives', async () => {
    expect(await rootCidOf(zip)).toBe(car.root);
  });

  it('is verified by the one verifier, which names its root, and imports into an empty library equal', async () => {
    const report = await verifyArchive(blobSource(car.blob));
    expect(report.ok).toBe(true);
    expect(report.ipfsRoot).toBe(car.root);
    expect(report.files.length).toBe(Object.keys(zip).length - 2);
    const other = freshLibrary();
    const phases = new Set<string>();
    let last = 0;
    const summary = await importArchive(other, blobSource(car.blob), { onProgress: (p) => (phases.add(p.phase), p.phase === 'checking' && (expect(p.done).toBeGreaterThanOrEqual(last), (last = p.done))) });
    expect([...phases]).toEqual(['checking', 'writing']);
    // What the ZIP export brings back, the CAR brings back: every copy, page, image and timeline.
    const fromZip = freshLibrary();
    expect(summary).toEqual(await importArchive(fromZip, blobSource(new Blob([zipBytes as Uint8Array<ArrayBuffer>]))));
    expect(summary.newSnapshots).toBe(await db.snapshots.count());
    expect(await libraryContents(other)).toEqual(await libraryContents(fromZip));
  }, 120_000);

  it('gives every article, copy and image the same CID in the next export of the unchanged library', async () => {
    const later = await carOf(db, () => NOW() + 86_400_000);
    expect(later.root).not.toBe(car.root);
    const [before, after] = await Promise.all([car, later].map(async ({ bytes }) => {
      const { store, roots } = await blockstoreOf(bytes);
      return cidsByPath(store, roots[0]!);
    }));
    const changed = [...before!.keys()].filter((path) => before!.get(path) !== after!.get(path)).sort();
    // What names the export's time: the index page, the manifest and its signature. Nothing else.
    expect(changed).toEqual(['index.html', 'manifest.json', 'manifest.sig']);
  }, 120_000);

  describe('tampered with, it is refused by the import and by the verifier, the block named, nothing written', () => {
    let other: LibraryDatabase;
    let kept: Awaited<ReturnType<typeof libraryContents>>;
    let sections: { cid: CID; offset: number; length: number; blockOffset: number; blockLength: number }[];
    let paths: Map<string, string>;
    beforeAll(async () => {
      other = freshLibrary();
      await saveCapture(other, captureSeed('article.html'), T0);
      kept = await libraryContents(other);
      sections = [];
      for await (const section of (await CarIndexer.fromBytes(car.bytes)) as AsyncIterable<(typeof sections)[number]>) sections.push(section);
      const { store, roots } = await blockstoreOf(car.bytes);
      paths = new Map([...(await cidsByPath(store, roots[0]!))].map(([path, cid]) => [cid, path]));
    });

    async function refused(bytes: Uint8Array, ...words: string[]): Promise<void> {
      const blob = new Blob([bytes as Uint8Array<ArrayBuffer>]);
      const report = await verifyArchive(blobSource(blob));
      expect(report.ok).toBe(false);
      for (const word of words) expect(report.refusal?.message).toContain(word);
      // samizdat verify says the same, and fails.
      const file = join(mkdtempSync(join(tmpdir(), 'samizdat-car-bad-')), 'bad.car');
      writeFileSync(file, bytes);
      let out = '';
      expect(await main(['verify', file], { out: (text) => (out += text), err: (text) => (out += text) })).toBe(1);
      for (const word of words) expect(out).toContain(word);
      expect(out).toContain('Do not trust it.');
      const error = await importArchive(other, blobSource(blob)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ImportRefused);
      for (const word of words) expect((error as Error).message).toContain(word);
      expect(await libraryContents(other)).toEqual(kept);
    }

    const changedAt = (at: number) => {
      const bytes = car.bytes.slice();
      bytes[at] = bytes[at]! ^ 0x01;
      return bytes;
    };

    it('a changed byte in an article’s block, in the big image’s middle block, in a directory', async () => {
      const article = sections.find((s) => paths.get(s.cid.toString())?.startsWith('articles/'))!;
      await refused(changedAt(article.blockOffset + Math.floor(article.blockLength / 2)), article.cid.toString(), paths.get(article.cid.toString())!, 'do not match its CID');
      const big = [...paths].find(([, path]) => path.startsWith('images/') && zip[path]!.byteLength > 700_000)!;
      const bigSection = sections.find((s) => s.cid.toString() === big[0])!;
      const node = decodePb(car.bytes.subarray(bigSection.blockOffset, bigSection.blockOffset + bigSection.blockLength));
      expect(UnixFS.unmarshal(node.Data!).type).toBe('file');
      const middle = sections.find((s) => s.cid.equals(node.Links[1]!.Hash))!;
      await refused(changedAt(middle.blockOffset + 5), middle.cid.toString(), big[1]);
      const rootSection = sections.find((s) => s.cid.toString() === car.root)!;
      await refused(changedAt(rootSection.blockOffset + rootSection.blockLength - 3), car.root);
    });

    it('a missing block', async () => {
      const article = sections.find((s) => paths.get(s.cid.toString())?.startsWith('data/snapshots/'))!;
      const without = new Uint8Array([...car.bytes.subarray(0, article.offset), ...car.bytes.subarray(article.offset + article.length)]);
      await refused(without, article.cid.toString(), paths.get(article.cid.toString())!, 'is not in it');
    });

    it('a CAR cut short, in a block or between two', async () => {
      const some = sections[Math.floor(sections.length / 2)]!;
      await refused(car.bytes.slice(0, some.blockOffset + 7), some.cid.toString(), 'cut short');
      // Cut between blocks, the CAR is whole as far as it goes, and what it lacks is missing.
      await refused(car.bytes.slice(0, some.offset), 'is not in it');
    });
  });
});

describe('a CAR built to be walked forever', () => {
  it('is refused at once: a shard of 256 links to one shard, five deep, would be walked 256⁵ times', async () => {
    const { encode, prepare } = await import('@ipld/dag-pb');
    const { sha256 } = await import('multiformats/hashes/sha2');
    const { CarBufferWriter } = await import('@ipld/car');
    const shard = (links: CID[]) => encode(prepare({ Data: new UnixFS({ type: 'hamt-sharded-directory', fanout: 256n, hashType: 0x22n }).marshal(), Links: links.map((cid, i) => ({ Hash: cid, Name: i.toString(16).toUpperCase().padStart(2, '0'), Tsize: 1 })) }));
    const blocks: { cid: CID; bytes: Uint8Array }[] = [];
    let below: CID[] = [];
    for (let level = 0; level < 6; level++) {
      const bytes = shard(below);
      const cid = CID.createV1(0x70, await sha256.digest(bytes));
      blocks.push({ cid, bytes });
      below = Array.from({ length: 256 }, () => cid);
    }
    const writer = CarBufferWriter.createWriter(new ArrayBuffer(64 * 1024 * 1024), { roots: [blocks.at(-1)!.cid] });
    for (const block of blocks) writer.write(block);
    // Walked, it would never end: the test's own time limit is the guard.
    const report = await verifyArchive(blobSource(new Blob([writer.close({ resize: true }) as Uint8Array<ArrayBuffer>])));
    expect(report.refusal?.message).toContain('reaches the same blocks over and over');
  });
});

describe('the archive for IPFS of a library of 2,500 pages', () => {
  it('shards its large folders as Kubo does, with Kubo’s root CID, and reads back through the shards', async () => {
    // 2,500 article pages: their names and CIDs come to 2,500 × 105 bytes, past the 262,144 at which Kubo shards.
    const db = freshLibrary();
    for (let i = 0; i < 2500; i++) await saveCapture(db, generatedArticle(i), 1_000_000 + i);
    const car = await carOf(db);
    // The folder, as ipfs-car unpacks it (the corpus's test shows it is the ZIP's), added with Kubo's settings.
    const dir = mkdtempSync(join(tmpdir(), 'samizdat-car-large-'));
    writeFileSync(join(dir, 'library.car'), car.bytes);
    await run(IPFS_CAR, ['unpack', join(dir, 'library.car'), '--output', join(dir, 'out')]);
    const unpacked = filesUnder(join(dir, 'out'));
    expect(Object.keys(unpacked).filter((path) => path.startsWith('articles/'))).toHaveLength(2500);
    expect(await rootCidOf(unpacked)).toBe(car.root);
    const { store, roots } = await blockstoreOf(car.bytes);
    const fs = unixfs({ blockstore: store } as never);
    const articles = await fs.stat(roots[0]!, { path: 'articles' });
    expect(articles.type).toBe('directory');
    const node = decodePb(await toBytes(store.get(articles.cid as CID)));
    const shard = UnixFS.unmarshal(node.Data!);
    expect(shard.type).toBe('hamt-sharded-directory');
    const report = await verifyArchive(blobSource(car.blob));
    expect(describeReport(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.snapshots).toHaveLength(2500);
  }, 300_000);
});
