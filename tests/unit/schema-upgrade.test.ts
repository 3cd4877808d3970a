import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { signUnsigned } from '../../utils/integrity/sign-library';
import { verifySnapshotSignature } from '../../utils/integrity/signature';
import { keyFits } from '../../utils/search/search-key';
import { LibraryDatabase, SCHEMA } from '../../utils/store/db';
import { saveCapture } from '../../utils/store/save-capture';
import { indexQueued } from '../../utils/store/search-rows';
import { searchLibrary } from '../../utils/search/search';
import { captureSeed } from '../helpers/seed';

const FIXTURES = fileURLToPath(new URL('../fixtures/schema/', import.meta.url));

type Row = Record<string, unknown>;
interface Fixture {
  schemaVersion: number;
  tables: Record<string, Row[]>;
}

const revive = (row: Row): Row => {
  const blob = row.blob as { type: string; base64: string } | undefined;
  return blob && 'base64' in blob ? { ...row, blob: new Blob([Buffer.from(blob.base64, 'base64')], { type: blob.type }) } : row;
};
const flatten = async (row: Row): Promise<Row> => (row.blob instanceof Blob ? { ...row, blob: { type: row.blob.type, base64: Buffer.from(await row.blob.arrayBuffer()).toString('base64') } } : row);

/** The one table a schema version renamed (3: `search` to `words`, keyed anew). */
const MOVED = { from: 'search', to: 'words' };

const fixtures = readdirSync(FIXTURES).filter((name) => /^v\d+\.json$/.test(name));

/**
 * A library written by each released schema version, opened by today's code: every record
 * intact, the new tables there, and the library usable (signing its old copies, saving new ones).
 */
describe.each(fixtures)('a library written with schema %s', (file) => {
  const fixture = JSON.parse(readFileSync(`${FIXTURES}${file}`, 'utf8')) as Fixture;

  it('opens with the current schema, every record intact, and works', async () => {
    const indexedDB = new IDBFactory();
    const old = new LibraryDatabase('samizdat', { indexedDB, IDBKeyRange }, fixture.schemaVersion);
    await old.transaction('rw', old.tables, async () => {
      for (const [name, rows] of Object.entries(fixture.tables)) await old.table(name).bulkAdd(rows.map(revive));
    });
    old.close();

    const db = new LibraryDatabase('samizdat', { indexedDB, IDBKeyRange });
    await db.open();
    expect(db.verno).toBe(SCHEMA.length);
    for (const [name, rows] of Object.entries(fixture.tables)) {
      if (name === MOVED.from) continue;
      expect(await Promise.all((await db.table(name).toArray()).map(flatten)), name).toEqual(rows);
    }
    // Version 3 moved the search rows to a table keyed newest first: the same rows, each with a key
    // that orders its page by its last save. A library written since has them there already.
    const moved = await db.table(MOVED.to).orderBy('pageUrl').toArray();
    expect(moved.map(({ key: _key, ...row }) => row)).toEqual(fixture.tables[MOVED.from] ?? fixture.tables[MOVED.to]!.map(({ key: _key, ...row }) => row).sort((a, b) => String(a.pageUrl).localeCompare(String(b.pageUrl))));
    expect(moved).toHaveLength(2);
    const lastSaved = new Map((await db.pages.toArray()).map((page) => [page.url, page.lastSavedAt]));
    for (const row of moved) expect(keyFits(row.key, lastSaved.get(row.pageUrl)!), row.pageUrl).toBe(true);
    expect(db.tables.map((table) => table.name)).not.toContain(MOVED.from);
    // Version 4's staging tables start empty: no import was under way in an older release.
    expect(await db.stagedPages.count()).toBe(0);
    expect(await db.stagedCopies.count()).toBe(0);
    // Version 5 queues new search rows: a library written before it has every row in the index, one
    // written since may hold rows still queued, and both are found.
    const queuedBefore = await db.words.where('queued').equals(1).count();
    if (fixture.schemaVersion < 5) expect(queuedBefore).toBe(0);
    const found = (await searchLibrary(db, 'paratroopers')).total!;
    expect(found).toBeGreaterThan(0);
    // Version 6's queue of copies whose images are still to download starts empty: copies saved
    // before it were stored with their images.
    expect(await db.imageQueue.count()).toBe(0);

    // Copies saved before schema 2 are signed now; those saved since already were.
    expect(await signUnsigned(db)).toBe(fixture.tables.snapshots!.filter((s) => !s.signature).length);
    for (const snapshot of await db.snapshots.toArray()) expect(await verifySnapshotSignature(snapshot.signature!, snapshot)).toBe(true);
    const outcome = await saveCapture(db, { ...captureSeed('article.html'), canonicalUrl: 'https://after-the-upgrade.example/story' }, Date.UTC(2026, 10, 25));
    expect(outcome.kind).toBe('new-page');
    // Its row waits queued and is found, then is indexed with the rest.
    expect((await searchLibrary(db, 'paratroopers')).total).toBe(found + 1);
    expect((await searchLibrary(db, 'paratroopers')).pages[0]!.url).toBe(outcome.pageUrl);
    expect(await indexQueued(db)).toBe(queuedBefore + 1);
    expect(await db.words.where('terms').equals('paratroopers').count()).toBe(found + 1);
    db.close();
  });
});

it('has a fixture for every released schema version but the current one', () => {
  const versions = fixtures.map((name) => Number(/\d+/.exec(name)![0])).sort();
  expect(versions).toEqual(Array.from({ length: SCHEMA.length - 1 }, (_, i) => i + 1));
});
