import Dexie, { type DexieOptions, type EntityTable } from 'dexie';
import type { PageRecord, SightingRecord, SnapshotBody, SnapshotRecord } from './records';

export const DATABASE_NAME = 'samizdat';

/**
 * The only place that declares the schema. Every change is a new `version(n)` below the others,
 * with an upgrade if data must move, and a fixture written by the version before it.
 */
export class LibraryDatabase extends Dexie {
  pages!: EntityTable<PageRecord, 'url'>;
  snapshots!: EntityTable<SnapshotRecord, 'id'>;
  bodies!: EntityTable<SnapshotBody, 'snapshotId'>;
  sightings!: EntityTable<SightingRecord, 'id'>;

  constructor(name = DATABASE_NAME, options?: DexieOptions) {
    super(name, options);
    this.version(1).stores({
      pages: '&url, lastSavedAt',
      snapshots: '&id, pageUrl, [pageUrl+capturedAt]',
      bodies: '&snapshotId',
      sightings: '++id, pageUrl, snapshotId',
    });
  }
}

let shared: LibraryDatabase | undefined;

/** The library of this browser profile, opened once per extension context. */
export function library(): LibraryDatabase {
  shared ??= new LibraryDatabase();
  return shared;
}
