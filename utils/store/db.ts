import Dexie, { type DexieOptions, type EntityTable } from 'dexie';
import type { AssetRecord, PageRecord, SearchRow, SightingRecord, SnapshotBody, SnapshotRecord } from './records';

export const DATABASE_NAME = 'samizdat';

/**
 * The only place that declares the schema. Every change after the first release is a new
 * `version(n)` below the others, with an upgrade if data must move, and a fixture written by the
 * version before it. (Version 1 is still unreleased, so it is still being shaped in place.)
 */
export class LibraryDatabase extends Dexie {
  pages!: EntityTable<PageRecord, 'url'>;
  snapshots!: EntityTable<SnapshotRecord, 'id'>;
  bodies!: EntityTable<SnapshotBody, 'snapshotId'>;
  sightings!: EntityTable<SightingRecord, 'id'>;
  assets!: EntityTable<AssetRecord, 'hash'>;
  search!: EntityTable<SearchRow, 'pageUrl'>;

  constructor(name = DATABASE_NAME, options?: DexieOptions) {
    super(name, options);
    this.version(1).stores({
      pages: '&url, lastSavedAt, *tags',
      snapshots: '&id, pageUrl, [pageUrl+capturedAt], lastSeenAt, *imageHashes',
      bodies: '&snapshotId',
      sightings: '++id, pageUrl, snapshotId',
      assets: '&hash',
      search: '&pageUrl, *terms',
    });
  }
}

let shared: LibraryDatabase | undefined;

/** The library of this browser profile, opened once per extension context. */
export function library(): LibraryDatabase {
  shared ??= new LibraryDatabase();
  return shared;
}
