import { BlobParts } from './blob-parts';
import type { Manifest, ManifestAsset, ManifestSnapshot } from './format';

/** Characters of the manifest's lines gathered before they become a Blob. */
const PART_CHARS = 256 * 1024;

/** One of the manifest's long lists, its members' JSON joined as `JSON.stringify(…, null, 1)` joins them. */
class Members {
  private readonly parts = new BlobParts(PART_CHARS);
  private count = 0;

  add(json: string): void {
    this.parts.push(this.count++ ? `,\n${json}` : json);
  }

  /** The list between its brackets, as a member of the manifest's top level. */
  text(open: string, close: string): BlobPart[] {
    return this.count ? [`${open}\n`, ...this.parts.blobs(), `\n ${close}`] : [`${open}${close}`];
  }
}

/** A value as JSON.stringify with one space of indentation writes it two levels down. */
const nested = (value: unknown) => JSON.stringify(value, null, 1).replace(/^/gm, '  ');

/**
 * The manifest (docs/FORMAT.md) written as the archive is: a line for each file, an entry for each
 * copy and image, kept in Blobs as they come (utils/archive/blob-parts.ts) rather than as objects
 * until the end, where they had taken about a kilobyte a page. `bytes` is exactly what
 * `JSON.stringify(manifest, null, 1)` and a final newline give, so the format does not change.
 */
export class ManifestWriter {
  private readonly files = new Members();
  private readonly snapshots = new Members();
  private readonly assets = new Members();

  /** Each path once. */
  file(path: string, hash: string): void {
    this.files.add(`  ${JSON.stringify(path)}: ${JSON.stringify(hash)}`);
  }

  snapshot(entry: ManifestSnapshot): void {
    this.snapshots.add(nested(entry));
  }

  asset(entry: ManifestAsset): void {
    this.assets.add(nested(entry));
  }

  /** The whole manifest, its head first (the fields before `files`, in the format's order). */
  async bytes(head: Omit<Manifest, 'files' | 'snapshots' | 'assets'>): Promise<Uint8Array> {
    const top = JSON.stringify(head, null, 1);
    const blob = new Blob([
      // The head without its closing "\n}", then the three lists, as the format orders them.
      top.slice(0, -2),
      ',\n "files": ', ...this.files.text('{', '}'),
      ',\n "snapshots": ', ...this.snapshots.text('[', ']'),
      ',\n "assets": ', ...this.assets.text('[', ']'),
      '\n}\n',
    ]);
    return new Uint8Array(await blob.arrayBuffer());
  }
}
