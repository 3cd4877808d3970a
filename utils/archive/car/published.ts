import type { LibraryDatabase } from '../../store/db';
import { DEFAULT_IPFS_NODE } from './format';

/** An archive exported for IPFS: when, its root CID, and whether it was sent to the user's node. */
export interface Publication {
  at: number;
  root: string;
  file: string;
  bytes: number;
  pages: number;
  /** The node it was published to, and when, if the user sent it. */
  node?: string;
  pinnedAt?: number;
}

/** Both live in the settings table: no schema change for two small values. */
const PUBLISHED = 'ipfsPublished';
const NODE = 'ipfsNode';
/** The list is shown whole; the oldest entries go past this many. */
const KEPT = 500;

/** What was exported for IPFS, newest first. */
export async function publications(db: LibraryDatabase): Promise<Publication[]> {
  return (((await db.settings.get(PUBLISHED))?.value as Publication[] | undefined) ?? []).slice();
}

/** Adds an export, or marks one (the same root and time) as sent to a node. */
export async function remember(db: LibraryDatabase, entry: Publication): Promise<void> {
  await db.transaction('rw', db.settings, async () => {
    const list = await publications(db);
    const at = list.findIndex((p) => p.root === entry.root && p.at === entry.at);
    if (at >= 0) list[at] = entry;
    else list.unshift(entry);
    await db.settings.put({ name: PUBLISHED, value: list.slice(0, KEPT) });
  });
}

/** The address of the user's IPFS node (Kubo's RPC API). */
export async function ipfsNode(db: LibraryDatabase): Promise<string> {
  return ((await db.settings.get(NODE))?.value as string | undefined) ?? DEFAULT_IPFS_NODE;
}

export async function setIpfsNode(db: LibraryDatabase, node: string): Promise<void> {
  await db.settings.put({ name: NODE, value: node.trim() });
}
