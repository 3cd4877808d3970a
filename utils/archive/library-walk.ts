import { sha256Hex } from '../integrity/hash';
import { displayTitle } from '../format';
import { t } from '../i18n';
import type { LibraryDatabase } from '../store/db';
import type { PageRecord, SnapshotBody, SnapshotRecord } from '../store/records';
import { rowsOfPages } from '../store/queries';
import type { PageFile } from './format';
import { selectedBatches, type PageSelection } from './selection';

/** One selected page as an export writes it: its lossless record and its copies, oldest first. */
export interface WalkedPage {
  page: PageRecord;
  /** The SHA-256 of the page's key, which names its files. */
  pageHash: string;
  /** The page, its timeline of saves and its checks, as the archive keeps them (docs/FORMAT.md). */
  pageFile: PageFile;
  versions: { snapshot: SnapshotRecord; body: SnapshotBody }[];
}

/**
 * The selected pages with their copies, for every export that writes them all (the archive, the
 * web archive). A hundred pages' rows are read in a few reads side by side, rather than four
 * reads a page, and the next hundred are read while these are written: two batches in memory at
 * most. A copy without its text stops the walk: an export must not silently leave it out.
 */
export async function* walkSelected(db: LibraryDatabase, selection: PageSelection, signal?: AbortSignal): AsyncGenerator<WalkedPage> {
  const batches = selectedBatches(db, selection)[Symbol.asyncIterator]();
  const readNext = () => {
    const read = batches.next().then((step) => (step.done ? null : batchRows(db, step.value)));
    read.catch(() => undefined);
    return read;
  };
  let reading = readNext();
  for (let rows = await reading; rows; rows = await reading) {
    signal?.throwIfAborted();
    reading = readNext();
    const { batch, versionsOf, sightingsOf, checksOf, bodies, pageHashes } = rows;
    for (const [n, page] of batch.entries()) {
      signal?.throwIfAborted();
      const snapshots = (versionsOf.get(page.url) ?? []).sort((a, b) => a.capturedAt - b.capturedAt);
      const checks = (checksOf.get(page.url) ?? []).sort((a, b) => a.at - b.at).map(({ id: _id, unseen: _unseen, notified: _notified, ...check }) => check);
      const pageFile: PageFile = { format: 'samizdat-page', page, sightings: (sightingsOf.get(page.url) ?? []).map(({ id: _id, ...sighting }) => sighting), ...(checks.length ? { checks } : {}) };
      const versions = snapshots.map((snapshot) => {
        const body = bodies.get(snapshot.id);
        if (!body) throw new Error(t('textMissing', displayTitle(snapshot.title, snapshot.sourceUrl)));
        return { snapshot, body };
      });
      yield { page, pageHash: pageHashes[n]!, pageFile, versions };
    }
  }
}

async function batchRows(db: LibraryDatabase, batch: PageRecord[]) {
  const urls = batch.map((page) => page.url);
  const [snapshots, sightings, checks, pageHashes] = await Promise.all([
    rowsOfPages(db.snapshots, urls),
    rowsOfPages(db.sightings, urls),
    rowsOfPages(db.checks, urls),
    Promise.all(urls.map((url) => sha256Hex(url))),
  ]);
  const bodies = new Map((await db.bodies.bulkGet(snapshots.map((s) => s.id))).flatMap((body) => (body ? [[body.snapshotId, body] as const] : [])));
  return { batch, versionsOf: groupBy(snapshots, (s) => s.pageUrl), sightingsOf: groupBy(sightings, (s) => s.pageUrl), checksOf: groupBy(checks, (c) => c.pageUrl), bodies, pageHashes };
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}
