import Dexie, { type DexieOptions, type EntityTable, type Table, type Transaction } from 'dexie';
import { freeKey } from '../search/search-key';
import { withSealMoved } from './sealed-tables';
import type { AssetRecord, CheckRecord, ImageQueueRow, InboxRow, KeyRecord, PageRecord, SearchRow, SettingRecord, SightingRecord, SnapshotBody, SnapshotRecord, StagedCopy, StagedPage, VocabularyRow, WatchRecord } from './records';

export const DATABASE_NAME = 'samizdat';

/**
 * The only place that declares the schema, one entry per version. Every change is a new entry at
 * the end (with an upgrade function in UPGRADES if data must move), and a fixture database written
 * by the release before it (tests/fixtures/schema/, tests/unit/schema-upgrade.test.ts).
 */
export const SCHEMA: Record<string, string | null>[] = [
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
  // 3: search rows keyed newest first by a number, not by the page's address
  // (utils/search/search-key.ts); `search` is copied into `words`, then dropped.
  { words: '&key, &pageUrl, *terms', search: null },
  // 4: what an import has read and not yet committed (utils/archive/import-archive.ts), so that an
  // archive of any size is not held in memory until its last transaction. Nothing to move.
  { stagedPages: '[importId+seq]', stagedCopies: '[importId+id], [importId+pageUrl]' },
  // 5: search rows are written queued, their terms outside the multi-entry index, and indexed in
  // the background (utils/store/search-rows.ts); `queued` finds the rows still waiting. Every row
  // kept before is indexed already: nothing to move.
  { words: '&key, &pageUrl, *terms, queued' },
  // 6: a copy is stored before its images download: the copies whose images are still to come
  // (utils/save/save-tab.ts, completeImages). And watching saved pages (utils/watch/): the pages
  // watched, by when each is due; every check with its evidence, by page and time, and the news
  // not yet seen; the user's settings. Nothing to move: copies saved before are whole, and no page
  // was watched.
  {
    imageQueue: '&snapshotId',
    watches: '&pageUrl, nextCheckAt',
    checks: '++id, pageUrl, at, [pageUrl+at], unseen',
    settings: '&name',
  },
  // 7: a protected library's list of its words (utils/search/vocabulary.ts), by their first two
  // letters: its index holds keyed words, which know no prefixes, so the words a prefix begins are
  // found here. Written only in a protected library; nothing to move.
  { vocabulary: '&bucket' },
  // 8: copies saved while a protected library was locked, each sealed to its public key
  // (utils/store/locked-saves.ts), taken into the library at the next unlock. Nothing to move.
  { inbox: '++id' },
  // 9: the seal of a protected library's search row's words in a table of its own, under the row's
  // key (APART_TABLES in utils/store/sealed-tables.ts): the index of words is walked faster when
  // its rows are small. Seals in rows written before are moved there, with no key needed.
  { wordSeals: '&key' },
];

/** Rows copied per step of an upgrade: a library of 10,000 pages is never held in memory at once. */
const UPGRADE_CHUNK = 200;

/** Data moved by a schema version, by its number. */
export const UPGRADES: Record<number, (tx: Transaction) => Promise<void>> = {
  3: async (tx) => {
    const taken = new Set<number>();
    let after: string | undefined;
    for (;;) {
      const old = tx.table('search');
      const rows = (await (after === undefined ? old.orderBy(':id') : old.where(':id').above(after)).limit(UPGRADE_CHUNK).toArray()) as { pageUrl: string; snapshotId: string; terms: string[] }[];
      if (rows.length === 0) return;
      after = rows.at(-1)!.pageUrl;
      const pages = (await tx.table('pages').bulkGet(rows.map((row) => row.pageUrl))) as (PageRecord | undefined)[];
      const moved: SearchRow[] = [];
      for (const [i, row] of rows.entries()) {
        const page = pages[i];
        // A row whose page is gone found nothing; it is not carried over.
        if (!page) continue;
        let key: number | null = null;
        for (let savedAt = page.lastSavedAt; key === null; savedAt--) key = freeKey(page.url, savedAt, (k) => taken.has(k));
        taken.add(key);
        moved.push({ key, pageUrl: row.pageUrl, snapshotId: row.snapshotId, terms: row.terms });
      }
      await tx.table('words').bulkAdd(moved);
    }
  },
  // Below Dexie, so below the sealing middleware: the library may be locked while it upgrades, and
  // these bytes move as they are. One walk of the search rows; a plain library's hold no seal.
  9: (tx) =>
    new Promise<void>((resolve, reject) => {
      const idb = (tx as unknown as { idbtrans: IDBTransaction }).idbtrans;
      const seals = idb.objectStore('wordSeals');
      const walk = idb.objectStore('words').openCursor();
      walk.onerror = () => reject(walk.error);
      walk.onsuccess = () => {
        const cursor = walk.result;
        if (!cursor) return resolve();
        const moved = withSealMoved(cursor.value as Record<string, unknown>, cursor.primaryKey);
        if (moved) {
          seals.put(moved.seal);
          cursor.update(moved.row);
        }
        cursor.continue();
      };
    }),
};

export class LibraryDatabase extends Dexie {
  pages!: EntityTable<PageRecord, 'url'>;
  snapshots!: EntityTable<SnapshotRecord, 'id'>;
  bodies!: EntityTable<SnapshotBody, 'snapshotId'>;
  sightings!: EntityTable<SightingRecord, 'id'>;
  assets!: EntityTable<AssetRecord, 'hash'>;
  words!: EntityTable<SearchRow, 'key'>;
  keys!: EntityTable<KeyRecord, 'id'>;
  stagedPages!: Table<StagedPage, [string, number]>;
  stagedCopies!: Table<StagedCopy, [string, string]>;
  imageQueue!: EntityTable<ImageQueueRow, 'snapshotId'>;
  watches!: EntityTable<WatchRecord, 'pageUrl'>;
  checks!: EntityTable<CheckRecord, 'id'>;
  settings!: EntityTable<SettingRecord, 'name'>;
  vocabulary!: EntityTable<VocabularyRow, 'bucket'>;
  inbox!: EntityTable<InboxRow, 'id'>;

  /** `upTo` opens the schema as an earlier release declared it: for the upgrade tests' fixtures only. */
  constructor(name = DATABASE_NAME, options?: DexieOptions, upTo = SCHEMA.length) {
    super(name, options);
    for (const [i, stores] of SCHEMA.slice(0, upTo).entries()) {
      const version = this.version(i + 1).stores(stores);
      const upgrade = UPGRADES[i + 1];
      if (upgrade) version.upgrade(upgrade);
    }
  }
}
