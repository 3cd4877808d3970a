import { useEffect, useState } from 'preact/hooks';
import { formatNumber, t } from '../utils/i18n';
import { sendMessage } from '../utils/messages';
import { library } from '../utils/store/library';
import { CHECK_ALL_RUN } from '../utils/watch/watches';
import { useLiveQuery } from './useLiveQuery';

/**
 * The library's tools for watched pages: "Check all watched", its progress while it runs (from the
 * background's record of the run, and the pages checked since it began), and Cancel; the way to
 * the censorship log. Shown once any page is watched.
 */
export function WatchTools({ watched }: { watched: number }) {
  const db = library();
  const [run] = useLiveQuery(async () => (await db.settings.get(CHECK_ALL_RUN))?.value as { startedAt: number; total: number } | undefined, [], undefined);
  const [done] = useLiveQuery(async () => (run ? db.watches.filter((watch) => (watch.lastCheckedAt ?? 0) >= run.startedAt).count() : 0), [run?.startedAt], 0);
  const [error, setError] = useState<string | null>(null);
  const act = (work: Promise<unknown>) => work.then(() => setError(null), (err: Error) => setError(err.message));
  const [woken, setWoken] = useState(false);
  useEffect(() => {
    if (!run || woken) return;
    // A run is recorded as under way: if the background was stopped in it, this wakes it, and it
    // takes the run up where it stopped (its checks are recorded as they finish).
    setWoken(true);
    void sendMessage('watchChanged', {}).catch(() => undefined);
  }, [run?.startedAt]);
  if (watched === 0 && !run) return null;
  return (
    <div class="watch-tools">
      {run ? (
        <p class="check-all-progress" role="status">
          <progress max={run.total} value={Math.min(done, run.total)} />{' '}
          {t('checkAllProgress', formatNumber(Math.min(done, run.total)), formatNumber(run.total))}{' '}
          <button type="button" class="cancel-checks" onClick={() => void act(sendMessage('cancelChecks', {}))}>
            {t('cancelChecks')}
          </button>
        </p>
      ) : (
        <button type="button" class="check-all" onClick={() => void act(sendMessage('checkAll', {}))}>
          {t('checkAll')}
        </button>
      )}{' '}
      <a class="open-log" href="/log.html">{t('openLog')}</a>
      {error ? <p class="error" role="alert">{error}</p> : null}
    </div>
  );
}
