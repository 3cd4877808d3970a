import { unixfs } from '@helia/unixfs';
import { CarIndexer } from '@ipld/car/indexer';
import { unzipSync } from 'fflate';
import { CID } from 'multiformats/cid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCar } from '../../utils/archive/car/export-car';
import type { BuiltCar } from '../../utils/archive/car/car-builder';
import { nodePermission, publishToNode, PublishFailed } from '../../utils/archive/car/publish';
import { publications, remember } from '../../utils/archive/car/published';
import { saveCapture } from '../../utils/store/save-capture';
import { exportBytes, renderWindow } from '../helpers/archive';
import { freshLibrary } from '../helpers/db';
import { startIpfsNode } from '../helpers/ipfs-node';
import { captureSeed } from '../helpers/seed';

const NOW = () => Date.UTC(2026, 10, 25, 3);
const ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';

describe('publishing to the user’s own IPFS node', () => {
  const db = freshLibrary();
  let car: BuiltCar;
  let zip: Record<string, Uint8Array>;
  let node: Awaited<ReturnType<typeof startIpfsNode>>;
  beforeAll(async () => {
    await saveCapture(db, captureSeed('article.html'), Date.UTC(2026, 0, 2));
    await saveCapture(db, captureSeed('article-edited.html'), Date.UTC(2026, 0, 3));
    car = await exportCar(db, { selection: { all: true }, generator: 'Samizdat test', win: renderWindow, now: NOW });
    zip = unzipSync(await exportBytes(db));
    node = await startIpfsNode({ allowOrigin: ORIGIN });
  });
  afterAll(() => node.close());

  it('sends the CAR with dag/import: every block is stored, the root pinned, and index.html reads back under it', async () => {
    await publishToNode(car.blob, car.root, `${node.url}/`, ORIGIN);
    expect(node.requests.map((r) => r.path)).toEqual(['/api/v0/dag/import?pin-roots=true']);
    expect(node.pinned).toEqual([car.root]);
    const indexer = await CarIndexer.fromBytes(new Uint8Array(await car.blob.arrayBuffer()));
    let blocks = 0;
    for await (const { cid } of indexer) {
      expect(await node.blockstore.has(cid as CID)).toBe(true);
      blocks++;
    }
    expect(blocks).toBeGreaterThan(8);
    const chunks: Uint8Array[] = [];
    for await (const chunk of unixfs({ blockstore: node.blockstore } as never).cat(CID.parse(car.root), { path: 'index.html' })) chunks.push(chunk);
    expect(Buffer.concat(chunks).equals(Buffer.from(zip['index.html']!))).toBe(true);
  });

  it('says how to let the extension in when the node refuses its origin, and when nothing answers', async () => {
    const other = 'moz-extension://0a1b2c3d-0000-4000-8000-000000000000';
    // A browser sends its page's Origin; Node's fetch sends none, so the test says it, as the extension's would be.
    const fromOther: typeof fetch = (url, init) => fetch(url, { ...init, headers: { origin: other } });
    const refused = await publishToNode(car.blob, car.root, node.url, other, fromOther).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PublishFailed);
    expect((refused as Error).message).toContain(`ipfs config --json API.HTTPHeaders.Access-Control-Allow-Origin '["${other}"]'`);
    const closed = await startIpfsNode();
    await closed.close();
    const unreachable = await publishToNode(car.blob, car.root, closed.url, ORIGIN).catch((e: unknown) => e);
    expect((unreachable as Error).message).toContain(closed.url);
    expect((unreachable as Error).message).toContain('running');
  });

  it('refuses an address that is not a web address, and asks for the node’s site only', async () => {
    await expect(publishToNode(car.blob, car.root, 'file:///etc/passwd', ORIGIN)).rejects.toThrow(PublishFailed);
    expect(nodePermission('http://127.0.0.1:5001')).toBe('http://127.0.0.1/*');
    expect(nodePermission('https://user:pw@node.example/')).toBeNull();
  });

  it('remembers each export, newest first, and marks it when it was sent to a node', async () => {
    const first = { at: 1, root: car.root, file: 'a.car', bytes: 10, pages: 1 };
    await remember(db, first);
    await remember(db, { ...first, at: 2, file: 'b.car' });
    await remember(db, { ...first, node: node.url, pinnedAt: 3 });
    expect(await publications(db)).toEqual([
      { ...first, at: 2, file: 'b.car' },
      { ...first, node: node.url, pinnedAt: 3 },
    ]);
  });
});
