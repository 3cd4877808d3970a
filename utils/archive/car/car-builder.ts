import { close, createWriter, headerLength } from '@ipld/car/buffer-writer';
import { importer, type FileCandidate, type ImporterOptions } from 'ipfs-unixfs-importer';
import { fixedSize } from 'ipfs-unixfs-importer/chunker';
import { balanced } from 'ipfs-unixfs-importer/layout';
import { bytesToHex } from '@noble/hashes/utils.js';
import { varint } from 'multiformats';
import type { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import { sha256Hex } from '../../integrity/hash';
import { BlobParts } from '../blob-parts';
import { CAR_TYPE, SHA2_256 } from './format';

/** Output gathered into a Blob every few megabytes, as the ZIP's (utils/archive/zip-writer.ts). */
const PART_BYTES = 4 * 1024 * 1024;

/**
 * What `ipfs add -r --cid-version=1` does by Kubo's defaults, spelt out so that anyone can
 * recompute the root CID from the unzipped archive with their own node: CIDv1, sha2-256, files
 * cut into 256 KiB chunks stored as raw leaves, a balanced DAG of at most 174 links a node, a file
 * of one chunk addressed as its raw bytes, and a directory turned into a HAMT (fanout 256,
 * murmur3) once its links' names and CIDs add up to more than 256 KiB (about 2,500 files: a
 * library's `articles/` past that many copies). No modes or times are stored, as Kubo stores
 * none unless asked.
 * Here, the one file that imports the importer: the command line, which only reads CARs, does not.
 */
export const KUBO_CID_V1 = {
  cidVersion: 1,
  rawLeaves: true,
  reduceSingleLeafToSelf: true,
  chunker: fixedSize({ chunkSize: 262_144 }),
  layout: balanced({ maxChildrenPerNode: 174 }),
  shardSplitThresholdBytes: 262_144,
  shardSplitStrategy: 'links-bytes',
  shardFanoutBits: 8,
  // The archive's files are given by their paths in it; the root is the directory that holds them.
  wrapWithDirectory: true,
} satisfies ImporterOptions;

/** A finished CAR: its bytes and the CID of the directory it holds. */
export interface BuiltCar {
  blob: Blob;
  root: string;
}

/**
 * An archive's files made into a UnixFS directory by ipfs-unixfs-importer (with Kubo's settings,
 * ./format.ts) and its blocks written into a CAR as they are made, kept in Blobs: memory holds
 * the files being imported and, until the end, each directory's list of names and CIDs (which the
 * importer needs to make the directories last). The CAR's header names the root, known only at
 * the end, so it is put before the blocks then. A block made twice (two identical files) is
 * written once. Runs in the export's worker (utils/archive/pack-worker.ts) or here.
 */
export class CarBuilder {
  private readonly parts = new BlobParts(PART_BYTES);
  private readonly written = new Set<string>();
  /** Files given and not yet taken by the importer. */
  private readonly queue: FileCandidate[] = [];
  private wake: (() => void) | null = null;
  private ended = false;
  /** Each file given, by path, until the importer has made it. */
  private readonly waiting = new Map<string, { bytes: Uint8Array; resolve: (sha256: string) => void; reject: (error: Error) => void }>();
  private readonly root: Promise<CID>;

  constructor() {
    this.root = this.run();
    // A failure reaches every file waiting and `finish`.
    this.root.catch((error: Error) => {
      for (const job of this.waiting.values()) job.reject(error);
      this.waiting.clear();
    });
  }

  /**
   * A file of the archive at its path, text as UTF-8. Resolves to the SHA-256 of its content (for
   * the manifest) once its blocks are in the CAR: a file of one chunk is addressed by that very
   * hash, so it is read off its CID rather than computed twice.
   */
  add(path: string, content: Uint8Array | string): Promise<string> {
    if (this.ended) return Promise.reject(new Error('the CAR was finished'));
    if (this.waiting.has(path)) return Promise.reject(new Error(`${path} was given twice`));
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    const done = new Promise<string>((resolve, reject) => this.waiting.set(path, { bytes, resolve, reject }));
    this.queue.push({ path, content: bytes });
    this.wake?.();
    return done;
  }

  /** The CAR, once every file given is in it and the directories are made. */
  async finish(): Promise<BuiltCar> {
    this.ended = true;
    this.wake?.();
    const root = await this.root;
    const header = close(createWriter(new ArrayBuffer(headerLength({ roots: [root] })), { roots: [root] }));
    return { blob: new Blob([header as Uint8Array<ArrayBuffer>, ...this.parts.blobs()], { type: CAR_TYPE }), root: root.toString() };
  }

  private async run(): Promise<CID> {
    const blockstore = {
      put: async (cid: CID, bytes: Uint8Array) => {
        const key = cid.toString();
        if (!this.written.has(key)) {
          this.written.add(key);
          // A CAR section: its length as a varint, the CID, the block (CARv1).
          const length = cid.bytes.byteLength + bytes.byteLength;
          const head = new Uint8Array(varint.encodingLength(length) + cid.bytes.byteLength);
          varint.encodeTo(length, head);
          head.set(cid.bytes, head.byteLength - cid.bytes.byteLength);
          this.parts.push(head);
          this.parts.push(bytes);
        }
        return cid;
      },
    };
    let root: CID | undefined;
    // One file at a time: the importer takes files fifty at a time otherwise, and would wait for
    // fifty before making any, which a caller bounding its memory might never give.
    for await (const entry of importer(this.files(), blockstore as never, { ...KUBO_CID_V1, fileImportConcurrency: 1 })) {
      const job = entry.path === undefined ? undefined : this.waiting.get(entry.path);
      if (job) {
        this.waiting.delete(entry.path!);
        const { multihash } = entry.cid;
        job.resolve(entry.cid.code === raw.code && multihash.code === SHA2_256 ? bytesToHex(multihash.digest) : await sha256Hex(job.bytes));
      }
      // The root directory comes last, with the empty path.
      if (entry.path === '') root = entry.cid;
    }
    if (!root) throw new Error('the archive had no files');
    return root;
  }

  private async *files(): AsyncGenerator<FileCandidate> {
    for (;;) {
      const next = this.queue.shift();
      if (next) yield next;
      else if (this.ended) return;
      else await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}
