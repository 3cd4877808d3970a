import { useEffect, useState } from 'preact/hooks';
import { compareVersions, type VersionComparison } from '../utils/diff/compare-versions';
import { displayTitle, hostOf } from '../utils/format';
import { formatNumber, formatTime, isolate, plural, t } from '../utils/i18n';
import { savedCopyUrl } from '../utils/pages';
import { PageLink } from './PageLink';
import { library } from '../utils/store/library';
import { pageHistory, type PageHistory } from '../utils/store/queries';
import type { SightingRecord } from '../utils/store/records';
import { deleteSnapshot } from '../utils/store/manage';
import { DiffView } from './DiffView';
import { useLiveQuery } from './useLiveQuery';
import { WatchControl } from './WatchControl';
import { checksOf } from '../utils/watch/watches';
import { describeCheck } from '../utils/watch/outcome-words';
import type { CheckRecord } from '../utils/store/records';
import { UndoBar, type Deletion } from './UndoBar';

function describeSighting(sighting: SightingRecord, version: number | undefined): string {
  const number = version === undefined ? '?' : formatNumber(version);
  switch (sighting.kind) {
    case 'new-page':
      return t('firstSaved', version === undefined ? formatNumber(1) : number);
    case 'new-version':
      return t('changedSavedAs', number);
    case 'unchanged':
      return t('checkedUnchanged', number);
    case 'reverted':
      return t('revertedTo', number);
  }
}

/** Saves and checks, in the order they happened: one timeline of what the page said and when. */
function timeline(sightings: SightingRecord[], checks: CheckRecord[]): Array<SightingRecord | CheckRecord> {
  return [...sightings, ...checks].sort((a, b) => a.at - b.at);
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
  // Checks of the page, if it is watched: on the same timeline as its saves.
  const [checks] = useLiveQuery(() => (pageUrl ? checksOf(db, pageUrl) : Promise.resolve([])), [pageUrl], []);

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
    setDeletion({ label: t('deletedVersion', formatNumber(version)), removed });
    setReloads(reloads + 1);
  };

  useEffect(() => {
    if (!history || !from || !to) return;
    const [a, b] = [history.snapshots.find((s) => s.id === from), history.snapshots.find((s) => s.id === to)];
    if (!a || !b) return;
    void db.bodies.bulkGet([a.id, b.id]).then(([bodyA, bodyB]) => setComparison(compareVersions(a, bodyA?.text ?? '', b, bodyB?.text ?? '')));
  }, [history, from, to]);

  if (history === undefined) return <p class="reader-message" role="status">{t('openingHistory')}</p>;
  if (history === null) {
    return (
      <main class="history">
        <UndoBar deletion={deletion} onDone={() => { setDeletion(null); setReloads(reloads + 1); }} />
        <p class="reader-message">{t('pageNotInLibrary')}</p>
      </main>
    );
  }

  const versionOf = new Map(history.snapshots.map((s) => [s.id, s.version]));
  // Where each version was loaded: a version from another site (a mirror) may differ for that reason.
  const loadedFrom = new Map(history.snapshots.map((s) => [s.id, s.loadedUrl]));
  const label = (id: string) => {
    const snapshot = history.snapshots.find((s) => s.id === id)!;
    return t('versionSaved', formatNumber(snapshot.version), formatTime(snapshot.capturedAt));
  };
  return (
    <main class="history">
      <header>
        <p class="site" dir="auto">{history.page.siteName}</p>
        <h1 dir="auto">{displayTitle(history.page.title, history.snapshots[0]?.sourceUrl ?? history.page.url)}</h1>
        <p class="meta">
          {t('historySummary', plural('versions', history.snapshots.length), plural('timesSaved', history.sightings.length))}
          {history.page.changed ? ` · ${t('textHasChanged')}` : ''}
        </p>
      </header>
      <UndoBar deletion={deletion} onDone={() => { setDeletion(null); setReloads(reloads + 1); }} />
      <h2>{t('timeline')}</h2>
      {history.page.kind !== 'selection' ? <WatchControl pageUrl={history.page.url} sourceUrl={history.snapshots.at(-1)?.sourceUrl ?? history.page.url} /> : null}
      <ol class="timeline">
        {timeline(history.sightings, checks).map((entry) =>
          'outcome' in entry ? (
            <li key={`check-${entry.id}`} class={`check check-${entry.outcome}`}>
              <time dateTime={new Date(entry.at).toISOString()}>{formatTime(entry.at)}</time> {t('checkedOn', describeCheck(entry))}
            </li>
          ) : (
          <li key={entry.id} class={`sighting sighting-${entry.kind}`}>
            <time dateTime={new Date(entry.at).toISOString()}>{formatTime(entry.at)}</time>{' '}
            {describeSighting(entry, versionOf.get(entry.snapshotId))}
            {entry.via === 'check' ? ` ${t('foundByCheck')}` : ''}
            {entry.kind === 'new-page' || entry.kind === 'new-version' ? <span class="meta"> {t('loadedFrom', isolate(hostOf(loadedFrom.get(entry.snapshotId) ?? '')))}</span> : null}{' '}
            <PageLink href={savedCopyUrl(entry.snapshotId)} class="read-version">
              {t('read')}
            </PageLink>
            {entry.kind === 'new-page' || entry.kind === 'new-version' ? (
              <>
                {' · '}
                <button type="button" class="link-button delete-version" onClick={() => void removeVersion(entry.snapshotId, versionOf.get(entry.snapshotId) ?? 0)}>
                  {t('deleteVersion')}
                </button>
              </>
            ) : null}
          </li>
          ),
        )}
      </ol>
      {history.snapshots.length > 1 ? (
        <>
          <h2>{t('whatChanged')}</h2>
          <div class="compare">
            <label>
              {t('compareFrom')} <select class="compare-from" value={from} onChange={(event) => setFrom(event.currentTarget.value)}>
                {history.snapshots.map((s) => <option key={s.id} value={s.id}>{label(s.id)}</option>)}
              </select>
            </label>
            <label>
              {t('compareTo')} <select class="compare-to" value={to} onChange={(event) => setTo(event.currentTarget.value)}>
                {history.snapshots.map((s) => <option key={s.id} value={s.id}>{label(s.id)}</option>)}
              </select>
            </label>
          </div>
          {comparison ? <DiffView comparison={comparison} /> : <p role="status">{t('comparing')}</p>}
        </>
      ) : (
        <p class="meta">{t('onlyOneVersion')}</p>
      )}
    </main>
  );
}
