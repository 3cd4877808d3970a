import { displayTitle } from '../../format';
import { sha256Hex } from '../../integrity/hash';
import { fingerprint, signBytes, signerFingerprints } from '../../integrity/signature';
import { signingKey } from '../../integrity/signing-key';
import { packageKey, signPackageHash } from '../../integrity/package-key';
import type { LibraryDatabase } from '../../store/db';
import type { AssetRecord } from '../../store/records';
import { articleDocument, articleHtml } from '../article-document';
import type { ExportOptions } from '../export-archive';
import { json, type SnapshotFile } from '../format';
import { walkSelected } from '../library-walk';
import { RenderWindow } from '../render-window';
import { countSelected } from '../selection';
import { StreamedFile } from '../streamed-file';
import { ZipWriter } from '../zip-writer';
import { cdxjLine, sortedLines } from './cdxj';
import {
  DATAPACKAGE_PATH,
  DIGEST_PATH,
  INDEX_PATH,
  PAGES_HEADER,
  PAGES_PATH,
  PAGE_RECORD_TYPE,
  SNAPSHOT_RECORD_TYPE,
  WACZ_VERSION,
  pageRecordUri,
  snapshotRecordUri,
  type DataPackage,
  type PackageDigest,
  type PackageResource,
} from './format';
import { recordId } from './warc-record';
import type { RecordBlock } from './record-packer';
import { WarcWriter } from './warc-writer';

const encoder = new TextEncoder();

/**
 * The library (or part of it) as a web archive: a WACZ 1.1.1 package of WARC 1.1 files, which
 * ReplayWeb.page, pywb and the Webrecorder and Internet Archive tools read (docs/FORMAT.md, "The
 * web archive"). Each saved copy is a `resource` record at its article's address, dated when it
 * was kept: the page a replay shows, as the archive's website shows it, its images at their own
 * addresses; a `metadata` record beside it holds the copy as Samizdat keeps it (text, metadata,
 * hash and signature), so that nothing is lost when it comes back. Written page by page, as the
 * archive is (utils/archive/export-archive.ts): memory holds a page's copies and images, the
 * records being packed, and a line of the index per record.
 */
export async function exportWacz(db: LibraryDatabase, options: ExportOptions): Promise<Blob> {
  const now = options.now ?? Date.now;
  const exportedAt = now();
  const created = new Date(exportedAt).toISOString();
  const [key, packKey] = await Promise.all([signingKey(db), packageKey(db)]);
  const zip = new ZipWriter(new Date(exportedAt), options.pack);
  const warc = new WarcWriter(
    zip,
    {
      software: options.generator,
      format: 'WARC File Format 1.1',
      conformsTo: 'http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/',
      description:
        'Saved copies of articles, kept with Samizdat. Each copy is a resource record at its article’s address: the page as Samizdat shows it, sanitized, not the bytes the site sent. Its images are resource records at their own addresses; a metadata record (urn:samizdat:snapshot:<id>) holds the copy as Samizdat keeps it, with its SHA-256 and signature.',
    },
    exportedAt,
    options.warcPacker,
  );
  const pages = new StreamedFile(true);
  await pages.write(`${JSON.stringify(PAGES_HEADER)}\n`);
  /** The index's lines: one per page and image record, sorted at the end. */
  const index: string[] = [];
  /** Image records written, as `hash url`: the same bytes at another address get a record there too. */
  const written = new Set<string>();
  const writtenHashes = new Set<string>();
  const signerOf = signerFingerprints();
  const total = await countSelected(db, options.selection);
  let done = 0;
  let copies = 0;
  let onlyTitle = '';
  const renderer = new RenderWindow(options.win);
  const resource = async (url: string, date: number, mime: string, block: RecordBlock, sha256: string | undefined, id: string) => {
    const place = await warc.add({ type: 'resource', id, date, targetUri: url, contentType: mime }, block, sha256);
    index.push(cdxjLine({ url, date, mime, sha256: place.blockSha256, place }));
    return place;
  };
  /** Every record's place, awaited at the end (a failure stops the export sooner, at `warc.ready`). */
  let placed: Promise<unknown> = Promise.resolve();
  const keep = (step: Promise<unknown>) => {
    placed = Promise.all([placed, step]);
    placed.catch(() => undefined);
  };
  /** pages.jsonl's lines, written in the order of the copies, each once its page's record is made (its size is the record's). */
  let listedPages: Promise<void> = Promise.resolve();

  options.onProgress?.({ pages: 0, total });
  try {
    for await (const { page, pageHash, pageFile, versions } of walkSelected(db, options.selection, options.signal)) {
      keep(warc.add({ type: 'metadata', id: await recordId('page', page.url, String(page.lastSavedAt)), date: page.lastSavedAt, targetUri: pageRecordUri(pageHash), contentType: PAGE_RECORD_TYPE }, json(pageFile)));
      for (const { snapshot, body } of versions) {
        const date = snapshot.capturedAt;
        const kept = snapshot.images.flatMap((ref) => ('hash' in ref ? [ref] : []));
        const needed = kept.filter((ref) => !written.has(`${ref.hash} ${ref.url}`));
        const assets = new Map(((needed.length ? await db.assets.bulkGet([...new Set(needed.map((ref) => ref.hash))]) : []) as (AssetRecord | undefined)[]).flatMap((asset) => (asset ? [[asset.hash, asset] as const] : [])));
        const shown = new Set<string>();
        const image = async (asset: AssetRecord, url: string) => {
          written.add(`${asset.hash} ${url}`);
          writtenHashes.add(asset.hash);
          keep(resource(url, date, asset.type, asset.blob, asset.hash, await recordId('image', url, asset.hash)));
        };
        for (const ref of kept) {
          const asset = assets.get(ref.hash);
          if (asset && !written.has(`${ref.hash} ${ref.url}`)) {
            // An image's first record is at the address it was first fetched from (its asset's
            // `url`), which an import gives back to it; the same bytes at another address get a
            // record there too, for a replay to find them.
            if (!writtenHashes.has(asset.hash) && asset.url !== ref.url) await image(asset, asset.url);
            await image(asset, ref.url);
          }
          if (written.has(`${ref.hash} ${ref.url}`)) shown.add(ref.url);
        }
        // Images point at their own addresses, where their records are: a replay serves them from there.
        const article = articleHtml(body.html, snapshot, (url) => (shown.has(url) ? url : undefined), renderer.next());
        const html = articleDocument(snapshot, article, 'files', { signer: await signerOf(snapshot), versionCount: versions.length });
        const pageId = await recordId('copy', snapshot.id);
        const copyRecord = resource(snapshot.sourceUrl, date, 'text/html; charset=utf-8', html, undefined, pageId);
        const { snapshotId: _id, ...content } = body;
        const snapshotFile: SnapshotFile = { format: 'samizdat-snapshot', snapshot, body: content };
        keep(warc.add({ type: 'metadata', id: await recordId('snapshot', snapshot.id), date, targetUri: snapshotRecordUri(snapshot.id), refersTo: pageId, contentType: SNAPSHOT_RECORD_TYPE }, json(snapshotFile)));
        const title = displayTitle(snapshot.title, snapshot.sourceUrl);
        const line = { id: snapshot.id, url: snapshot.sourceUrl, ts: new Date(date).toISOString(), title, text: body.text };
        listedPages = Promise.all([listedPages, copyRecord]).then(([, { blockBytes }]) => pages.write(`${JSON.stringify({ ...line, size: blockBytes })}\n`));
        keep(listedPages);
        copies++;
        onlyTitle = title;
      }
      // The page goes on while the worker packs, unless it has fallen far behind (or failed).
      await warc.ready();
      await zip.ready();
      done++;
      options.onProgress?.({ pages: done, total });
    }
  } finally {
    renderer.close();
  }
  options.signal?.throwIfAborted();

  await placed;
  const resources: PackageResource[] = [];
  const listed = (name: string, path: string, sha256: Promise<string>, bytes: number) =>
    sha256.then((hash) => void resources.push({ name, path, hash: `sha256:${hash}`, bytes }));
  const warcFiles = await warc.finish();
  const indexText = `${sortedLines(index).join('\n')}${index.length ? '\n' : ''}`;
  const indexBytes = encoder.encode(indexText);
  const listing = Promise.all([
    ...warcFiles.map((file) => listed(file.path.slice('archive/'.length), file.path, file.sha256, file.bytes)),
    listed('pages.jsonl', PAGES_PATH, zip.addStreamed(PAGES_PATH, pages), pages.length),
    listed('index.cdx', INDEX_PATH, zip.add(INDEX_PATH, indexBytes, true), indexBytes.byteLength),
  ]);
  await listing;
  resources.sort((a, b) => (a.path < b.path ? -1 : 1));
  const dataPackage: DataPackage = {
    profile: 'data-package',
    wacz_version: WACZ_VERSION,
    title: copies === 1 ? onlyTitle : 'Saved articles',
    description: `${copies === 1 ? '1 saved copy' : `${copies} saved copies`} of articles, exported from Samizdat. Signed by the library’s key ${await fingerprint(key.publicKey)}.`,
    created,
    modified: created,
    software: options.generator,
    resources,
  };
  const packageBytes = encoder.encode(`${JSON.stringify(dataPackage, null, 1)}\n`);
  const hash = `sha256:${await sha256Hex(packageBytes)}`;
  const digest: PackageDigest = {
    path: DATAPACKAGE_PATH,
    hash,
    signedData: { hash, created, software: options.generator, signature: await signPackageHash(packKey, hash), publicKey: packKey.publicKey },
    samizdat: { algorithm: 'Ed25519', publicKey: key.publicKey, signature: (await signBytes(key, packageBytes, exportedAt)).value, signedAt: created },
  };
  zip.add(DATAPACKAGE_PATH, packageBytes, true);
  zip.add(DIGEST_PATH, `${JSON.stringify(digest, null, 1)}\n`, true);
  return zip.finish('application/wacz');
}
