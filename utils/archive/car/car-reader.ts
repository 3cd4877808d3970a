import { asyncIterableReader, bytesReader, readBlockHead, readHeader } from '@ipld/car/decoder';
import { decode as decodePb, code as DAG_PB } from '@ipld/dag-pb';
import { UnixFS } from 'ipfs-unixfs';
import { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import { sha256Bytes } from '../../integrity/hash';
import { concatBytes } from '../bytes';
import { ARCHIVE_LIMITS } from '../format';
import { ArchiveRefusal } from '../problems';
import { isUnsafeName, type ArchiveEntry, type ArchiveSource } from '../zip-reader';
import { CAR_LIMITS, SHA2_256 } from './format';

/** Where a block is in the CAR. */
interface BlockPlace {
  offset: number;
  length: number;
}

/** A file of the directory: its path, its CID, its size once reassembled, and where its first block is. */
interface CarFile {
  path: string;
  key: string;
  size: number;
  offset: number;
}

/** A CAR whose every block was checked and whose directory is whole: its files, read one at a time. */
export interface OpenedCar {
  /** The CID of the directory, as `ipfs` prints it. */
  root: string;
  /** Every file, in the order the CAR holds them, checked against the archive's limits as each is read. */
  each(onEntry: (entry: ArchiveEntry) => Promise<void>): Promise<void>;
  /** One file by its path, or null if there is none or it is larger than `maxBytes`. */
  read(path: string, maxBytes: number): Promise<Uint8Array | null>;
}

/** Bytes read from the CAR at a time when files are reassembled: their blocks lie in order. */
const WINDOW_BYTES = 4 * 1024 * 1024;

/** Whether a file is a CAR: it opens with a CAR's header (a varint and a DAG-CBOR map with `version` and `roots`). */
export async function isCar(source: ArchiveSource): Promise<boolean> {
  if (source.size < 12) return false;
  try {
    await readHeader(bytesReader(await source.slice(0, Math.min(source.size, 4096))));
    return true;
  } catch {
    return false;
  }
}

/**
 * Opens a CAR without trusting any of it, in two steps before any file is handed on. First every
 * block is read in order and its bytes hashed against its CID (sha2-256 only: no other hash is
 * checked here); where each lies is noted, not kept. Then the DAG is walked from the one root:
 * every directory and HAMT shard is read, and every block of every file must be there. A block
 * that fails either step refuses the whole CAR, named by its CID and, once known, the file it
 * belongs to (ArchiveRefusal). What the CAR holds is then read file by file (`each`), its blocks a
 * window at a time, and judged by the archive's own checks (utils/archive/verify-archive.ts).
 */
export async function openCar(source: ArchiveSource, options: { onProgress?: (bytesRead: number) => void; signal?: AbortSignal } = {}): Promise<OpenedCar> {
  const reader = asyncIterableReader(source.chunks());
  let header;
  try {
    header = await readHeader(reader);
  } catch (error) {
    throw new ArchiveRefusal('corrupt', 'CAR', `its header cannot be read: ${(error as Error).message}`);
  }
  if (header.version !== 1) throw new ArchiveRefusal('corrupt', 'CAR', 'a CAR of version 2; Samizdat reads version 1, which `ipfs dag export` writes');
  if (header.roots.length !== 1) throw new ArchiveRefusal('corrupt', 'CAR', `it names ${header.roots.length} roots; an archive has one, its directory`);
  const root = header.roots[0]!;

  const places = new Map<string, BlockPlace>();
  /** Blocks whose bytes are not what their CID says, with why. */
  const bad = new Map<string, string>();
  let reported = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    if ((await reader.upTo(1)).length === 0) break;
    let head;
    try {
      head = await readBlockHead(reader);
    } catch (error) {
      throw new ArchiveRefusal('truncated-block', `at byte ${reader.pos}`, (error as Error).message);
    }
    const key = head.cid.toString();
    if (head.blockLength > CAR_LIMITS.blockBytes) throw new ArchiveRefusal('bad-block', key, `it is ${head.blockLength} bytes long; IPFS blocks are at most ${CAR_LIMITS.blockBytes}`);
    let bytes: Uint8Array;
    try {
      bytes = await reader.exactly(head.blockLength, true);
    } catch {
      throw new ArchiveRefusal('truncated-block', key);
    }
    if (places.size >= CAR_LIMITS.blocks) throw new ArchiveRefusal('too-many-entries');
    const { multihash } = head.cid;
    if (multihash.code !== SHA2_256) bad.set(key, `it is addressed by a hash Samizdat does not check (multihash 0x${multihash.code.toString(16)})`);
    else if (!sameBytes(await sha256Bytes(bytes), multihash.digest)) bad.set(key, 'its bytes do not match its CID: it was changed');
    if (!places.has(key)) places.set(key, { offset: Number(reader.pos) - head.blockLength, length: head.blockLength });
    if (reader.pos - reported >= 1024 * 1024) options.onProgress?.((reported = reader.pos));
  }
  options.onProgress?.(reader.pos);

  /** Where a block is, if it is in the CAR and its bytes are what its CID says; else refused, named. */
  function placeOf(key: string, path: string): BlockPlace {
    const why = bad.get(key);
    if (why) throw new ArchiveRefusal('bad-block', key, `${path}: ${why}`);
    const place = places.get(key);
    if (!place) throw new ArchiveRefusal('missing-block', key, path);
    return place;
  }

  /**
   * A block's bytes. Files are read in the order the CAR holds them, so their blocks are served
   * from a window of a few megabytes read at once; the walk of the directory, in the order of its
   * names, reads each of its blocks alone.
   */
  const window: { start: number; bytes: Uint8Array } = { start: 0, bytes: new Uint8Array() };
  async function block(key: string, path: string, ahead: boolean): Promise<Uint8Array> {
    const place = placeOf(key, path);
    const end = place.offset + place.length;
    if (!ahead) return source.slice(place.offset, end);
    if (place.offset < window.start || end > window.start + window.bytes.byteLength) {
      window.start = place.offset;
      window.bytes = await source.slice(place.offset, Math.min(source.size, Math.max(end, place.offset + WINDOW_BYTES)));
    }
    return window.bytes.subarray(place.offset - window.start, end - window.start);
  }

  const files: CarFile[] = [];
  const paths = new Set<string>();
  let total = 0;
  /**
   * Blocks visited and names listed. A DAG may reach one node by many paths (a shard of 256 links
   * to one shard, nested, reaches it 256^n times), so visits are bounded by the CAR's own size: an
   * archive's tree reaches each block once, but for the odd file the same as another.
   */
  let visits = 0;
  const maxVisits = 2 * places.size + 1024;
  let names = 0;

  /** A node of the directory or of one of its files, decoded, or refused as what no archive holds. */
  type UnixFsNode = { links: { cid: CID; name: string }[]; unixfs: UnixFS };
  async function node(cid: CID, path: string, ahead = false): Promise<UnixFsNode> {
    if (cid.code !== DAG_PB) throw new ArchiveRefusal('corrupt', path || 'CAR', `block ${cid} is not a UnixFS node`);
    try {
      const decoded = decodePb(await block(cid.toString(), path || '/', ahead));
      if (!decoded.Data) throw new Error('it has no UnixFS data');
      return { links: decoded.Links.map((link) => ({ cid: link.Hash, name: link.Name ?? '' })), unixfs: UnixFS.unmarshal(decoded.Data) };
    } catch (error) {
      if (error instanceof ArchiveRefusal) throw error;
      throw new ArchiveRefusal('corrupt', path || 'CAR', `block ${cid} cannot be read as UnixFS: ${(error as Error).message}`);
    }
  }

  /** A file's size, once every block of it is known to be in the CAR. `read`: its node, if decoded already. */
  async function fileSize(cid: CID, path: string, depth: number, read?: UnixFsNode): Promise<number> {
    if (++visits > maxVisits) throw new ArchiveRefusal('corrupt', path || 'CAR', 'its directory reaches the same blocks over and over, as no archive’s does');
    if (depth > CAR_LIMITS.depth) throw new ArchiveRefusal('corrupt', path, 'its blocks nest deeper than any file’s');
    if (cid.code === raw.code) return placeOf(cid.toString(), path).length;
    const { links, unixfs } = read ?? (await node(cid, path));
    if (unixfs.type !== 'file' && unixfs.type !== 'raw') throw new ArchiveRefusal('corrupt', path, `it is a ${unixfs.type} inside a file`);
    let size = unixfs.data?.byteLength ?? 0;
    for (const link of links) size += await fileSize(link.cid, path, depth + 1);
    return size;
  }

  /** Every file under a directory (or a HAMT shard of one), with its path. `read`: its node, if decoded already. */
  async function directory(cid: CID, path: string, depth: number, read?: UnixFsNode): Promise<void> {
    if (++visits > maxVisits) throw new ArchiveRefusal('corrupt', path || 'CAR', 'its directory reaches the same blocks over and over, as no archive’s does');
    if (depth > CAR_LIMITS.depth) throw new ArchiveRefusal('corrupt', path, 'its folders nest deeper than any archive’s');
    const { links, unixfs } = read ?? (await node(cid, path));
    const sharded = unixfs.type === 'hamt-sharded-directory';
    if (unixfs.type !== 'directory' && !sharded) throw new ArchiveRefusal('corrupt', path || 'CAR', path ? `it is a ${unixfs.type} where the directory has a folder` : 'its root is not a directory');
    // Only the fanout is checked: ipfs-unixfs does not read a shard's hash type back.
    if (sharded && Number(unixfs.fanout) !== 256) throw new ArchiveRefusal('corrupt', path || 'CAR', 'a HAMT shard of another fanout than Kubo’s 256');
    for (const link of links) {
      // In a shard, a link of two hex digits is a shard below; a longer one is an entry, its name after them.
      if (sharded && link.name.length === 2) {
        await directory(link.cid, path, depth + 1);
        continue;
      }
      const name = sharded ? link.name.slice(2) : link.name;
      const full = path ? `${path}/${name}` : name;
      if (name.includes('/') || isUnsafeName(full)) throw new ArchiveRefusal('unsafe-path', full);
      if (paths.has(full)) throw new ArchiveRefusal('duplicate-entry', full);
      paths.add(full);
      if (++names > ARCHIVE_LIMITS.entries) throw new ArchiveRefusal('too-many-entries');
      // Decoded once, whether it is a folder or a file of several blocks.
      const decoded = link.cid.code === DAG_PB ? await node(link.cid, full) : undefined;
      if (decoded?.unixfs.isDirectory()) {
        await directory(link.cid, full, depth + 1, decoded);
        continue;
      }
      const size = await fileSize(link.cid, full, 0, decoded);
      if (size > ARCHIVE_LIMITS.entryBytes) throw new ArchiveRefusal('entry-too-large', full);
      if ((total += size) > ARCHIVE_LIMITS.totalBytes) throw new ArchiveRefusal('archive-too-large');
      if (files.length >= ARCHIVE_LIMITS.entries) throw new ArchiveRefusal('too-many-entries');
      files.push({ path: full, key: link.cid.toString(), size, offset: places.get(link.cid.toString())!.offset });
    }
  }

  if (bad.size) {
    // A changed block is named with the file it belongs to when the directory reaches it; one it
    // does not reach still makes the CAR a changed one.
    try {
      await directory(root, '', 0);
    } catch (error) {
      if (error instanceof ArchiveRefusal && error.code === 'bad-block') throw error;
    }
    const [key, why] = bad.entries().next().value!;
    throw new ArchiveRefusal('bad-block', key, why);
  }
  await directory(root, '', 0);
  files.sort((a, b) => a.offset - b.offset);

  /** A file's bytes, its blocks in order. */
  async function content(cid: CID, path: string): Promise<Uint8Array[]> {
    if (cid.code === raw.code) return [await block(cid.toString(), path, true)];
    const { links, unixfs } = await node(cid, path, true);
    const parts: Uint8Array[] = unixfs.data?.byteLength ? [unixfs.data] : [];
    for (const link of links) parts.push(...(await content(link.cid, path)));
    return parts;
  }
  const readFile = async (file: CarFile) => {
    const bytes = concatBytes(await content(CID.parse(file.key), file.path));
    if (bytes.byteLength !== file.size) throw new ArchiveRefusal('corrupt', file.path, 'its size changed as it was read');
    // The window's bytes are the CAR's: a copy, so that what is handed on does not keep 4 MB alive.
    return bytes.buffer === window.bytes.buffer ? bytes.slice() : bytes;
  };

  return {
    root: root.toString(),
    async each(onEntry) {
      for (const file of files) {
        options.signal?.throwIfAborted();
        await onEntry({ name: file.path, bytes: await readFile(file) });
      }
    },
    async read(path, maxBytes) {
      const file = files.find((candidate) => candidate.path === path);
      return file && file.size <= maxBytes ? readFile(file) : null;
    },
  };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && a.every((byte, i) => byte === b[i]);
}
