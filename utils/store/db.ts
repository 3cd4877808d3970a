import Dexie, { type DexieOptions, type EntityTable } from 'dexie';
import type { AssetRecord, KeyRecord, PageRecord, SearchRow, SightingRecord, SnapshotBody, SnapshotRecord } from './records';

export const DATABASE_NAME = 'samizdat';

/**
 * The only place that declares the schema. Every change is a new `version(n)` below the others,
 * with an upgrade if data must move, and a fixture database written by the version before it
 * (tests/fixtures/schema/, tests/unit/schema-upgrade.test.ts).
 */
export class LibraryDatabase extends Dexie {
  pages!: EntityTable<PageRecord, 'url'>;
  snapshots!: EntityTable<SnapshotRecord, 'id'>;
  bodies!: EntityTable<SnapshotBody, 'snapshotId'>;
  sightings!: EntityTable<SightingRecord, 'id'>;
  assets!: EntityTable<AssetRecord, 'hash'>;
  search!: EntityTable<SearchRow, 'pageUrl'>;
  keys!: EntityTable<KeyRecord, 'id'>;

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
    // 2: the library's signing key. Snapshots gain an optional `signature` (not indexed); those
    // saved before it are signed when the key is first made (utils/integrity/sign-library.ts).
    this.version(2).stores({ keys: '&id' });
  }
}

let shared: LibraryDatabase | undefined;

/** The library of this browser profile, opened once per extension context. */
export function library(): LibraryDatabase {
  shared ??= new LibraryDatabase();
  return shared;
}
