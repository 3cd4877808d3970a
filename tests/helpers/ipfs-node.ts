import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CarBlockIterator } from '@ipld/car/iterator';
import { decode as decodePb, code as DAG_PB } from '@ipld/dag-pb';
import { MemoryBlockstore } from 'blockstore-core';
import type { CID } from 'multiformats/cid';
import { sha256 } from 'multiformats/hashes/sha2';

/**
 * A stand-in for the one endpoint of Kubo's RPC API that Samizdat calls, `POST /api/v0/dag/import`,
 * over a real IPFS blockstore (blockstore-core): every block of the CAR posted is hashed against
 * its CID before it is stored, and each root is pinned only if its whole DAG is there, as Kubo's
 * `--pin-roots` does. Its answer is Kubo's: one JSON object a line per root. `allowOrigin`, when
 * given, refuses other Origins with 403, as Kubo does without API.HTTPHeaders set.
 */
export async function startIpfsNode(options: { allowOrigin?: string } = {}) {
  const blockstore = new MemoryBlockstore();
  const pinned: string[] = [];
  const requests: { path: string; origin: string | undefined }[] = [];
  const server = createServer((req, res) => {
    requests.push({ path: req.url ?? '', origin: req.headers.origin });
    const answer = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': status === 200 ? 'application/json' : 'text/plain' });
      res.end(body);
    };
    if (options.allowOrigin && req.headers.origin && req.headers.origin !== options.allowOrigin) return answer(403, '403 - Forbidden');
    if (req.method !== 'POST' || !req.url?.startsWith('/api/v0/dag/import')) return answer(404, '404 page not found');
    void importCar(req)
      .then((lines) => answer(200, lines))
      .catch((error: Error) => answer(500, JSON.stringify({ Message: error.message, Code: 0, Type: 'error' })));
  });

  async function importCar(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const form = await new Request('http://node/', { method: 'POST', headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) }).formData();
    const file = form.get('file');
    if (!(file instanceof Blob)) throw new Error('no file part in the request');
    const blocks = await CarBlockIterator.fromBytes(new Uint8Array(await file.arrayBuffer()));
    for await (const { cid, bytes } of blocks) {
      const digest = await sha256.digest(bytes);
      if (cid.multihash.code !== sha256.code || !Buffer.from(digest.bytes).equals(Buffer.from(cid.multihash.bytes))) throw new Error(`block ${cid} does not match its CID`);
      await blockstore.put(cid as CID, bytes);
    }
    const lines: string[] = [];
    for (const root of (await blocks.getRoots()) as CID[]) {
      const missing = await firstMissing(root);
      if (!missing) pinned.push(root.toString());
      lines.push(JSON.stringify({ Root: { Cid: { '/': root.toString() }, PinErrorMsg: missing ? `block ${missing} is not in the blockstore` : '' } }));
    }
    return `${lines.join('\n')}\n`;
  }

  async function firstMissing(cid: CID): Promise<string | null> {
    if (!(await blockstore.has(cid))) return cid.toString();
    if (cid.code !== DAG_PB) return null;
    const got = blockstore.get(cid) as unknown as Uint8Array | AsyncIterable<Uint8Array>;
    const parts: Uint8Array[] = [];
    if (got instanceof Uint8Array) parts.push(got);
    else for await (const part of got) parts.push(part);
    for (const link of decodePb(Buffer.concat(parts)).Links) {
      const missing = await firstMissing(link.Hash as CID);
      if (missing) return missing;
    }
    return null;
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    blockstore,
    pinned,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A file under a directory's CID, read from a blockstore with @helia/unixfs: what any IPFS node would serve. */
export async function catFrom(blockstore: MemoryBlockstore, root: string, path: string): Promise<Buffer> {
  const { unixfs } = await import('@helia/unixfs');
  const { CID } = await import('multiformats/cid');
  const chunks: Uint8Array[] = [];
  for await (const chunk of unixfs({ blockstore } as never).cat(CID.parse(root), { path })) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** The CIDs of every block a CAR holds, by someone else's CAR reader. */
export async function blocksOf(car: Uint8Array): Promise<string[]> {
  const { CarIndexer } = await import('@ipld/car/indexer');
  const cids: string[] = [];
  for await (const { cid } of await CarIndexer.fromBytes(car)) cids.push(cid.toString());
  return cids;
}
