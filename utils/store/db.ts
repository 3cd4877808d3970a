import Dexie, { type DexieOptions, type EntityTable } from 'dexie';
import type { AssetRecord, KeyRecord, PageRecord, SearchRow, SightingRecord, SnapshotBody, SnapshotRecord } from './records';

export const DATABASE_NAME = 'samizdat';

/**
 * The only place that declares the schema, one entry per version. Every change is a new entry at
 * the end (with an upgrade function beside it if data must move: then the entries become
 * `{ stores, upgrade }`),
 * and a fixture database written by the release before it
 * (tests/fixtures/schema/, tests/unit/schema-upgrade.test.ts).
 */
export const SCHEMA: Record<string, string>[] = [
  // 1: the first release.
  {
    pages: '&url, lastSavedAt, *tags',
    snapshots: '&id, pageUrl, [pageUrl+capturedAt], lastSeenAt, *imageHashes',
    bodies: '&snapshotId',
    sightings: '++id, pageUrl, snapshotId',
    assets: '&hash',
    search: '&pageUrl, *terms',
  },
  // 2: the library's signing key. Snapshots gain an optional `signature` (not indexed); those
  // saved before it are signed when the key is first made (utils/integrity/sign-library.ts).
  { keys: '&id' },
];

export class LibraryDatabase extends Dexie {
  pages!: EntityTable<PageRecord, 'url'>;
  snapshots!: EntityTable<SnapshotRecord, 'id'>;
  bodies!: EntityTable<SnapshotBody, 'snapshotId'>;
  sightings!: EntityTable<SightingRecord, 'id'>;
  assets!: EntityTable<AssetRecord, 'hash'>;
  search!: EntityTable<SearchRow, 'pageUrl'>;
  keys!: EntityTable<KeyRecord, 'id'>;

  /** `upTo` opens the schema as an earlier release declared it: for the upgrade tests' fixtures only. */
  constructor(name = DATABASE_NAME, options?: DexieOptions, upTo = SCHEMA.length) {
    super(name, options);
    for (const [i, stores] of SCHEMA.slice(0, upTo).entries()) this.version(i + 1).stores(stores);
  }
}

let shared: LibraryDatabase | undefined;

/** The library of this browser profile, opened once per extension context. */
export function library(): LibraryDatabase {
  shared ??= new LibraryDatabase();
  return shared;
}
