import type { WarcPacker } from './wacz/record-packer';
import { fingerprint, signBytes, signerFingerprints } from '../integrity/signature';
import { signingKey } from '../integrity/signing-key';
import { displayTitle, hostOf } from '../format';
import { formatTime } from '../i18n';
import type { LibraryDatabase } from '../store/db';
import type { AssetRecord, PageRecord, SnapshotRecord } from '../store/records';
import { articleDocument, articleHtml, escapeHtml, htmlDocument } from './article-document';
import {
  ARCHIVE_FORMAT,
  ARCHIVE_FORMAT_VERSION,
  INDEX_PATH,
  MANIFEST_PATH,
  MANIFEST_SIGNATURE_PATH,
  articlePath,
  json,
  imagePath,
  pagePath,
  snapshotPath,
    type SnapshotFile,
} from './format';
import { countSelected, type PageSelection } from './selection';
import { walkSelected } from './library-walk';
import type { Packer } from './pack';
import { ManifestWriter } from './manifest-writer';
import { RenderWindow } from './render-window';
import { ZipWriter } from './zip-writer';

export interface ExportProgress {
  pages: number;
  total: number;
}

export interface ExportOptions {
  selection: PageSelection;
  /** "Samizdat 0.1.0": who wrote the archive. */
  generator: string;
  /** The window whose DOM sanitizes and renders (the library page's). */
  win: Window;
  signal?: AbortSignal;
  onProgress?: (progress: ExportProgress) => void;
  now?: () => number;
  /** Packs the archive's files elsewhere (a worker: utils/archive/worker-packer.ts); here when absent. */
  pack?: Packer;
  /** Makes a web archive's records and sums its WARC files elsewhere (the same worker); here when absent. */
  warcPacker?: WarcPacker;
}

/** A page's line of the archive's index page, and the time it is sorted by (newest first). */
interface IndexLine {
  lastSavedAt: number;
  html: string;
}

/**
 * The library (or part of it) as one Samizdat archive (docs/FORMAT.md): a static website, a
 * lossless backup and a signed manifest. Written page by page into a Blob: memory holds one page's
 * copies and images at a time and the files waiting to be packed, plus, until the end, a line
 * of the index page per page and the path of each image written. The ZIP's directory and the
 * manifest's lines are kept in Blobs as they grow (utils/archive/zip-writer.ts, manifest-writer.ts).
 */
export async function exportArchive(db: LibraryDatabase, options: ExportOptions): Promise<Blob> {
  const exportedAt = (options.now ?? Date.now)();
  const zip = new ZipWriter(new Date(exportedAt), options.pack);
  await writeArchive(db, options, zip, exportedAt);
  return zip.finish();
}

/**
 * Where an archive's files go as they are made: a ZIP (utils/archive/zip-writer.ts) or a CAR for
 * IPFS (utils/archive/car/export-car.ts). `add` resolves to the SHA-256 of the file's content;
 * `ready` waits while too many bytes wait to be packed.
 */
export interface ArchiveFiles {
  add(path: string, content: Uint8Array | string, compress: boolean): Promise<string>;
  ready(): Promise<void>;
}

/** Every file of the archive (docs/FORMAT.md), the manifest and its signature last, into `zip`. */
export async function writeArchive(db: LibraryDatabase, options: ExportOptions, zip: ArchiveFiles, exportedAt: number): Promise<void> {
  const key = await signingKey(db);
  const manifest = new ManifestWriter();
  /** Images written, by hash: their path in the archive. */
  const written = new Map<string, string>();
  /** The index page's lines, rendered as each page is written, sorted at the end. */
  const index: IndexLine[] = [];
  const total = await countSelected(db, options.selection);
  let done = 0;
  const renderer = new RenderWindow(options.win);

  /**
   * The manifest's lines of the files added so far, once their hashes are known. Files go into the
   * ZIP at once, in the order given, and are encoded, hashed and deflated by the packer while the
   * next page is rendered; their lines are written in the same order.
   */
  let hashed: Promise<void> = Promise.resolve();
  const add = (path: string, data: Uint8Array | string, compress = true) => {
    const hash = zip.add(path, data, compress);
    hashed = Promise.all([hashed, hash]).then(([, sha256]) => manifest.file(path, sha256));
    // Awaited at the end (a failure stops the export sooner, at `zip.ready`); until then it must
    // not count as unhandled.
    hashed.catch(() => undefined);
  };
  const signerOf = signerFingerprints();

  /** Every selected page: its record, its copies and their images, and its line of the index. */
  async function writePages() {
    for await (const { page, pageHash, pageFile, versions: copies } of walkSelected(db, options.selection, options.signal)) {
      const versions = copies.map((copy) => copy.snapshot);
      const pageJson = pagePath(pageHash);
      add(pageJson, json(pageFile));
      for (const { snapshot, body } of copies) {
        const needed = snapshot.imageHashes.filter((hash) => !written.has(hash));
        // No read at all for a copy without new images: a read outside a transaction makes one.
        for (const asset of (needed.length ? await db.assets.bulkGet(needed) : []) as (AssetRecord | undefined)[]) {
          if (!asset) continue;
          const path = imagePath(asset.hash, asset.type);
          add(path, new Uint8Array(await asset.blob.arrayBuffer()), false);
          written.set(asset.hash, path);
          manifest.asset({ hash: asset.hash, path, type: asset.type, size: asset.size, url: asset.url });
        }
        const { snapshotId: _id, ...content } = body;
        const snapshotFile: SnapshotFile = { format: 'samizdat-snapshot', snapshot, body: content };
        const byUrl = new Map(snapshot.images.flatMap((ref) => ('hash' in ref && written.has(ref.hash) ? [[ref.url, `../${written.get(ref.hash)!}`] as const] : [])));
        const article = articleHtml(body.html, snapshot, (url) => byUrl.get(url), renderer.next());
        const nav = versionNav(versions, snapshot.id);
        const articleFile = articleDocument(snapshot, article, 'files', { signer: await signerOf(snapshot), versionCount: versions.length, nav });
        add(snapshotPath(snapshot.id), json(snapshotFile));
        add(articlePath(snapshot.id), articleFile);
        manifest.snapshot({ id: snapshot.id, page: pageJson, json: snapshotPath(snapshot.id), html: articlePath(snapshot.id), signature: snapshot.signature ?? null });
      }
      index.push(indexLine(page, versions));
      // The page goes on while the worker packs, unless it has fallen far behind (or failed).
      await zip.ready();
      done++;
      options.onProgress?.({ pages: done, total });
    }
  }

  options.onProgress?.({ pages: 0, total });
  try {
    await writePages();
  } finally {
    renderer.close();
  }
  options.signal?.throwIfAborted();

  add(INDEX_PATH, indexDocument(index, exportedAt, await fingerprint(key.publicKey)));
  await hashed;
  const manifestBytes = await manifest.bytes({
    format: ARCHIVE_FORMAT,
    formatVersion: ARCHIVE_FORMAT_VERSION,
    generator: options.generator,
    exportedAt: new Date(exportedAt).toISOString(),
    exporter: { algorithm: 'Ed25519', publicKey: key.publicKey },
  });
  // Not awaited: the ZIP or CAR reports its failure when finished.
  zip.add(MANIFEST_PATH, manifestBytes, true).catch(() => undefined);
  zip.add(MANIFEST_SIGNATURE_PATH, `${(await signBytes(key, manifestBytes, exportedAt)).value}\n`, false).catch(() => undefined);
}

function versionNav(versions: SnapshotRecord[], current: string): string {
  const links = versions.map((v) =>
    v.id === current ? `<strong>version ${v.version}</strong>` : `<a href="${escapeHtml(v.id)}.html">version ${v.version}</a>`,
  );
  return `<a href="../${INDEX_PATH}">All saved articles</a>${versions.length > 1 ? ` · ${links.join(' · ')}` : ''}`;
}

/** Rendered when the page is written: a string a page, not the records it came from. */
function indexLine(page: PageRecord, versions: SnapshotRecord[]): IndexLine {
  const newest = versions.find((v) => v.id === page.latestSnapshotId) ?? versions[versions.length - 1];
  const title = displayTitle(page.title, newest?.sourceUrl ?? page.url);
  const site = page.siteName ?? hostOf(newest?.sourceUrl ?? page.url);
  const [first, ...older] = [...versions].reverse();
  const lang = newest?.lang ? ` lang="${escapeHtml(newest.lang)}"` : '';
  const earlier = older.length
    ? `<br>Earlier versions: ${older.map((v) => `<a href="${articlePath(v.id)}">${escapeHtml(formatTime(v.capturedAt))}</a>`).join(' · ')}`
    : '';
  const html = `<li><a href="${first ? articlePath(first.id) : '#'}"${lang} dir="${newest?.dir ?? 'auto'}">${escapeHtml(title)}</a><br>
<small>${escapeHtml(site)} · saved ${escapeHtml(formatTime(page.lastSavedAt))}${page.tags.length ? ` · ${escapeHtml(page.tags.join(', '))}` : ''}${earlier}</small></li>`;
  return { lastSavedAt: page.lastSavedAt, html };
}

function indexDocument(lines: IndexLine[], exportedAt: number, exporter: string): string {
  lines.sort((a, b) => b.lastSavedAt - a.lastSavedAt);
  const body = `<header>
<h1>Saved articles</h1>
<p>${lines.length === 1 ? '1 article' : `${lines.length} articles`}, exported from Samizdat on ${escapeHtml(formatTime(exportedAt))}. Every page here works offline; links open the live site only when you click them.</p>
<p>Exported and signed by key <span class="hash">${escapeHtml(exporter)}</span>. To check that nothing was altered, anyone can run <code>samizdat verify</code> on this archive (Samizdat’s command line, described in its README).</p>
</header>
<ol class="pages">
${lines.map((line) => line.html).join('\n')}
</ol>`;
  return htmlDocument({ title: 'Saved articles — Samizdat archive', lang: 'en', dir: 'ltr', images: 'files', body });
}
