/**
 * The archive for IPFS (docs/FORMAT.md, "The archive on IPFS"): the very files of the archive's
 * ZIP as a UnixFS directory, its blocks in a CAR (version 1) whose one root is that directory.
 * This file is its one definition in code.
 */

/** Every block's address is its SHA-256 (multihash sha2-256): the one hash, utils/integrity/hash.ts. */
export const SHA2_256 = 0x12;

/** The file type a CAR is offered as. */
export const CAR_TYPE = 'application/vnd.ipld.car';

/** What a CAR may not exceed, besides the archive's own limits (utils/archive/format.ts ARCHIVE_LIMITS). */
export const CAR_LIMITS = {
  /** One block: Kubo and the IPFS network refuse blocks over 2 MiB, and Samizdat writes none over 256 KiB. */
  blockBytes: 2 * 1024 * 1024,
  /** Blocks in one CAR: a million files, each a block or a few. */
  blocks: 4_000_000,
  /** Directories and HAMT shards nested: an archive's are three deep, a shard's a few more. */
  depth: 64,
} as const;

/** The default address of a Kubo node's RPC API. */
export const DEFAULT_IPFS_NODE = 'http://127.0.0.1:5001';

/** A directory under a CID on a public gateway, as subdomain gateways serve it. */
export const gatewayUrl = (root: string, gateway = 'dweb.link') => `https://${root}.ipfs.${gateway}/`;
