import { useEffect, useState } from 'preact/hooks';
import { compareVersions, type VersionComparison } from '../utils/diff/compare-versions';
import { displayTitle, formatTime, hostOf } from '../utils/format';
import { openSavedCopy } from '../utils/pages';
import { library } from '../utils/store/db';
import { pageHistory, type PageHistory } from '../utils/store/queries';
import type { SightingRecord } from '../utils/store/records';
import { deleteSnapshot } from '../utils/store/manage';
import { DiffView } from './DiffView';
import { UndoBar, type Deletion } from './UndoBar';

function describeSighting(sighting: SightingRecord, version: number | undefined): string {
  switch (sighting.kind) {
    case 'new-page':
      return `First saved (version ${version ?? 1})`;
    case 'new-version':
      return `Changed: saved as version ${version ?? '?'}`;
    case 'unchanged':
      return `Checked again: unchanged (version ${version ?? '?'})`;
    case 'reverted':
      return `Back to an earlier text (version ${version ?? '?'})`;
  }
}

/** A page's versions on a timeline, and what changed between any two of them. */
export function History({ pageUrl }: { pageUrl: string | null }) {
  const [history, setHistory] = useState<PageHistory | null | undefined>(undefined);
  const [from, setFrom] = useState<string>('');
  const [to, setTo] = useState<string>('');
  const [comparison, setComparison] = useState<VersionComparison | null>(null);
  const [deletion, setDeletion] = useState<Deletion | null>(null);
  const [reloads, setReloads] = useState(0);
  const db = library();

  useEffect(() => {
    if (!pageUrl) return setHistory(null);
    void pageHistory(db, pageUrl).then((found) => {
      setHistory(found ?? null);
      if (found && found.snapshots.length > 1) {
        setFrom(found.snapshots.at(-2)!.id);
        setTo(found.snapshots.at(-1)!.id);
      }
    });
  }, [pageUrl, reloads]);

  const removeVersion = async (snapshotId: string, version: number) => {
    const removed = await deleteSnapshot(db, snapshotId);
    setDeletion({ label: `Deleted version ${version}.`, removed });
    setReloads(reloads + 1);
  };

  useEffect(() => {
    if (!history || !from || !to) return;
    const [a, b] = [history.snapshots.find((s) => s.id === from), history.snapshots.find((s) => s.id === to)];
    if (!a || !b) return;
    void db.bodies.bulkGet([a.id, b.id]).then(([bodyA, bodyB]) => setComparison(compareVersions(a, bodyA?.text ?? '', b, bodyB?.text ?? '')));
  }, [history, from, to]);

  if (history === undefined) return <p class="reader-message">Opening the history…</p>;
  if (history === null) {
    return (
      <main class="history">
        <UndoBar deletion={deletion} onDone={() => { setDeletion(null); setReloads(reloads + 1); }} />
        <p class="reader-message">This page is not in the library. It may have been deleted.</p>
      </main>
    );
  }

  const versionOf = new Map(history.snapshots.map((s) => [s.id, s.version]));
  // Where each version was loaded: a version from another site (a mirror) may differ for that reason.
  const loadedFrom = new Map(history.snapshots.map((s) => [s.id, s.loadedUrl]));
  const label = (id: string) => {
    const snapshot = history.snapshots.find((s) => s.id === id)!;
    return `Version ${snapshot.version}, saved ${formatTime(snapshot.capturedAt)}`;
  };
  return (
    <main class="history">
      <header>
        <p class="site">{history.page.siteName}</p>
        <h1 dir="auto">{displayTitle(history.page.title, history.snapshots[0]?.sourceUrl ?? history.page.url)}</h1>
        <p class="meta">
          {history.snapshots.length === 1 ? '1 version' : `${history.snapshots.length} versions`}, saved{' '}
          {history.sightings.length === 1 ? 'once' : `${history.sightings.length} times`}
          {history.page.changed ? ' · the text has changed' : ''}
        </p>
      </header>
      <UndoBar deletion={deletion} onDone={() => { setDeletion(null); setReloads(reloads + 1); }} />
      <h2>Timeline</h2>
      <ol class="timeline">
        {history.sightings.map((sighting) => (
          <li key={sighting.id} class={`sighting sighting-${sighting.kind}`}>
            <time dateTime={new Date(sighting.at).toISOString()}>{formatTime(sighting.at)}</time>{' '}
            {describeSighting(sighting, versionOf.get(sighting.snapshotId))}
            {sighting.kind === 'new-page' || sighting.kind === 'new-version' ? <span class="meta"> from {hostOf(loadedFrom.get(sighting.snapshotId) ?? '')}</span> : null}{' '}
            <button type="button" class="link-button" onClick={() => void openSavedCopy(sighting.snapshotId)}>
              read
            </button>
            {sighting.kind === 'new-page' || sighting.kind === 'new-version' ? (
              <>
                {' · '}
                <button type="button" class="link-button delete-version" onClick={() => void removeVersion(sighting.snapshotId, versionOf.get(sighting.snapshotId) ?? 0)}>
                  delete this version
                </button>
              </>
            ) : null}
          </li>
        ))}
      </ol>
      {history.snapshots.length > 1 ? (
        <>
          <h2>What changed</h2>
          <div class="compare">
            <label>
              From <select class="compare-from" value={from} onChange={(event) => setFrom(event.currentTarget.value)}>
                {history.snapshots.map((s) => <option key={s.id} value={s.id}>{label(s.id)}</option>)}
              </select>
            </label>
            <label>
              to <select class="compare-to" value={to} onChange={(event) => setTo(event.currentTarget.value)}>
                {history.snapshots.map((s) => <option key={s.id} value={s.id}>{label(s.id)}</option>)}
              </select>
            </label>
          </div>
          {comparison ? <DiffView comparison={comparison} /> : <p>Comparing…</p>}
        </>
      ) : (
        <p class="meta">Only one version so far: save the page again later to see whether it changes.</p>
      )}
    </main>
  );
}
