import { libraryKeys, newLibraryKey, type LibraryKeys } from '../../../utils/safety/library-key';
import { LibraryDatabase } from '../../../utils/store/db';
import { sealingMiddleware } from '../../../utils/store/sealed-tables';

/**
 * Evaluated in an extension page of a real browser (seal-upgrade.e2e.test.ts): a protected library
 * written as schema version 8 kept it (each search row's words' seal in the row), then opened with
 * today's schema while locked, as a browser updating the extension would, and read once unlocked.
 */
export async function upgradeSealedLibrary(): Promise<Record<string, unknown>> {
  const name = `samizdat-upgrade-${crypto.randomUUID()}`;
  let keys: LibraryKeys | undefined = libraryKeys(newLibraryKey());
  const old = new LibraryDatabase(name, undefined, 8);
  old.use(sealingMiddleware(() => keys));
  await old.words.bulkPut(Array.from({ length: 300 }, (_, i) => ({ key: i + 1, pageUrl: `https://news.example/${i}`, snapshotId: String(i).padStart(64, '0'), terms: ['пскова', '北部', `word${i}`] })));
  old.close();
  const rawRows = async (version?: number) => {
    const raw = new LibraryDatabase(name, undefined, version);
    const rows = (await raw.table('words').toArray()) as Record<string, unknown>[];
    const seals = version === 8 ? 0 : await raw.table('wordSeals').count();
    raw.close();
    return { rows, seals };
  };
  const before = await rawRows(8);
  const unlocked = keys;
  keys = undefined;
  const db = new LibraryDatabase(name);
  db.use(sealingMiddleware(() => keys));
  await db.open();
  const after = await rawRows();
  keys = unlocked;
  const read = await db.words.bulkGet([1, 150, 300]);
  const found = await db.words.where('terms').equals('word149').primaryKeys();
  const version = db.verno;
  db.close();
  await new LibraryDatabase(name).delete();
  return {
    version,
    sealsInRowsBefore: before.rows.filter((row) => row.$apart instanceof Uint8Array).length,
    sealsInRowsAfter: after.rows.filter((row) => row.$apart instanceof Uint8Array).length,
    rowsMarkedAfter: after.rows.filter((row) => row.$apart === 1).length,
    sealsAfter: after.seals,
    terms: read.map((row) => row?.terms),
    found,
  };
}
