import type { Signature } from '../integrity/signature';
import type { AssetRecord, CheckRecord, PageRecord, SightingRecord, SnapshotBody, SnapshotRecord } from '../store/records';

/**
 * The Samizdat archive, version 1: one ZIP that is at once a static website, a lossless backup and
 * a signed record. docs/FORMAT.md specifies it for people writing their own readers; this file is
 * its one definition in code (paths, limits, shapes).
 */
export const ARCHIVE_FORMAT = 'samizdat-archive';

/** How every JSON file of an archive (and every JSON record of a web archive) is written: one space of indentation, a final newline. */
export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 1)}\n`;
}
export const ARCHIVE_FORMAT_VERSION = 1;

export const MANIFEST_PATH = 'manifest.json';
/** Ed25519 signature (base64) over the exact bytes of manifest.json, by the exporter's key. */
export const MANIFEST_SIGNATURE_PATH = 'manifest.sig';
export const INDEX_PATH = 'index.html';

export const articlePath = (snapshotId: string) => `articles/${snapshotId}.html`;
export const snapshotPath = (snapshotId: string) => `data/snapshots/${snapshotId}.json`;
/** Pages are named by the SHA-256 of their key: keys are URLs, unfit for file names. */
export const pagePath = (pageKeyHash: string) => `data/pages/${pageKeyHash}.json`;
export const imagePath = (hash: string, type: string) => `images/${hash}.${IMAGE_EXTENSIONS[type] ?? 'bin'}`;

/** The image types an archive may hold: what a browser shows and Samizdat keeps. */
export const IMAGE_EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/avif': 'avif',
  'image/bmp': 'bmp',
  'image/x-icon': 'ico',
  'image/svg+xml': 'svg',
};

/** Every name a valid archive's files may have. Anything else is an extra file. */
export const ARCHIVE_NAME = /^(?:index\.html|manifest\.json|manifest\.sig|articles\/[0-9a-f]{64}\.html|data\/snapshots\/[0-9a-f]{64}\.json|data\/pages\/[0-9a-f]{64}\.json|images\/[0-9a-f]{64}\.[a-z]{2,4})$/;

/** What an archive may not exceed: refused before anything is written, with the limit named. */
export const ARCHIVE_LIMITS = {
  /** Any one file once expanded (images are capped at 15 MB when saved; an article's HTML is far less). */
  entryBytes: 64 * 1024 * 1024,
  /** All files once expanded. */
  totalBytes: 16 * 1024 * 1024 * 1024,
  /** Expanded to compressed: text compresses 5 to 20 times; a bomb compresses a thousand. */
  ratio: 200,
  /** Ratios are judged above this size only: a tiny file may compress very well. */
  ratioFloorBytes: 1024 * 1024,
  entries: 1_000_000,
  /** manifest.json itself, which is read whole. */
  manifestBytes: 256 * 1024 * 1024,
} as const;

/** One snapshot, lossless: every stored field, its body, and its signature inside the record. */
export interface SnapshotFile {
  format: 'samizdat-snapshot';
  snapshot: SnapshotRecord;
  body: Omit<SnapshotBody, 'snapshotId'>;
}

/** One page, lossless: the page record (tags, note, dates) and its timeline of saves. */
export interface PageFile {
  format: 'samizdat-page';
  page: PageRecord;
  sightings: Omit<SightingRecord, 'id'>[];
  /**
   * The checks of the page, if it was watched (docs/WATCHING.md): its evidence of edits, removal
   * or blocking. Absent from archives of pages never checked, and from those made before watching.
   * Without what only one browser needs (its news not yet seen, its notifications).
   */
  checks?: ArchivedCheck[];
}

export type ArchivedCheck = Omit<CheckRecord, 'id' | 'unseen' | 'notified'>;

export interface ManifestSnapshot {
  id: string;
  page: string;
  json: string;
  html: string;
  signature: Signature | null;
}

export type ManifestAsset = Omit<AssetRecord, 'blob'> & { path: string };

export interface Manifest {
  format: typeof ARCHIVE_FORMAT;
  formatVersion: number;
  generator: string;
  exportedAt: string;
  /** The key that signed manifest.sig: the library that exported the archive. */
  exporter: { algorithm: 'Ed25519'; publicKey: string };
  /** SHA-256 of every file of the archive but manifest.json and manifest.sig, by path. */
  files: Record<string, string>;
  snapshots: ManifestSnapshot[];
  assets: ManifestAsset[];
}
