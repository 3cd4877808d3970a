import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { formatTime, isolate, t } from '../utils/i18n';
import { sendMessage } from '../utils/messages';
import { originOf } from '../utils/save/host-access';
import { library } from '../utils/store/library';
import type { CheckRecord, WatchInterval, WatchRecord } from '../utils/store/records';
import { describeCheck, intervalLabel } from '../utils/watch/outcome-words';
import { DEFAULT_INTERVAL, WATCH_INTERVALS } from '../utils/watch/schedule';
import { watchSetting } from '../utils/watch/watches';
import { useLiveQuery } from './useLiveQuery';

/** The host permission a page's checks need: its site, every port and path. */
function sitePattern(url: string): string | null {
  const origin = originOf(url);
  return origin ? `${origin}/*` : null;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

/**
 * Watch a saved page (popup, reader, library): turn it on, choose how often, check now, stop; and
 * what the last check found. Turning it on asks for the site's permission in the same click (a
 * browser shows the prompt only for a user's gesture, and Chrome closes the popup when it opens,
 * so the watch is sent to the background first). A page whose site is not allowed is checked for
 * nothing: it says so, with a button that asks.
 */
export function WatchControl({ pageUrl, sourceUrl }: { pageUrl: string; sourceUrl: string }) {
  const db = library();
  // null until the first answer: a page watched must not offer "Watch this page" for a moment.
  const [watch] = useLiveQuery<WatchRecord | undefined | null>(() => db.watches.get(pageUrl), [pageUrl], null);
  // null until the first answer, like the watch: "not checked yet" is said only when it is so.
  const [lastCheck] = useLiveQuery<CheckRecord | undefined | null>(() => db.checks.where('[pageUrl+at]').between([pageUrl, -Infinity], [pageUrl, Infinity]).last(), [pageUrl], null);
  const [paused] = useLiveQuery(() => watchSetting(db, 'paused'), [], false);
  const [allowed, setAllowed] = useState<boolean | null>(null);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pattern = sitePattern(sourceUrl);

  useEffect(() => {
    if (!pattern) return setAllowed(false);
    void browser.permissions.contains({ origins: [pattern] }).then(setAllowed, () => setAllowed(false));
  }, [pattern, watch?.pageUrl]);

  const askForSite = () => {
    if (!pattern) return Promise.resolve(false);
    return browser.permissions.request({ origins: [pattern] }).then(
      (granted) => {
        setAllowed(granted);
        return granted;
      },
      () => false,
    );
  };
  const act = async (work: Promise<unknown>) => {
    try {
      setError(null);
      await work;
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const start = () => {
    // Sent before the prompt opens: in Chrome it closes the popup, and a message not yet sent is lost.
    const watching = sendMessage('watchPage', { pageUrl, interval: DEFAULT_INTERVAL });
    const asking = askForSite();
    void act(Promise.all([watching, asking]));
  };
  const checkNow = async () => {
    setChecking(true);
    await act(sendMessage('checkNow', { pageUrl }));
    setChecking(false);
  };

  if (watch === null) return null;
  if (!watch) {
    return (
      <div class="watch-control">
        <button type="button" class="watch-button" onClick={start}>
          {t('watchPage')}
        </button>
        {error ? <p class="error" role="alert">{error}</p> : null}
      </div>
    );
  }
  return (
    <div class="watch-control watching">
      <p class="watch-state">
        {t('watchingEvery', intervalLabel(watch.interval))}{' '}
        <label>
          {t('watchHowOften')}{' '}
          <select class="watch-interval" value={watch.interval} onChange={(event) => void act(sendMessage('watchPage', { pageUrl, interval: event.currentTarget.value as WatchInterval }))}>
            {WATCH_INTERVALS.map((interval) => <option key={interval} value={interval}>{intervalLabel(interval)}</option>)}
          </select>
        </label>
      </p>
      {paused ? <p class="meta watch-paused">{t('watchingPaused')}</p> : null}
      <p class="meta last-check" role="status" aria-busy={checking ? 'true' : undefined}>
        {checking ? t('checking') : lastCheck ? t('lastChecked', formatTime(lastCheck.at), describeCheck(lastCheck)) : lastCheck === undefined ? t('firstCheckDue', formatTime(watch.nextCheckAt)) : ''}
      </p>
      {lastCheck?.outcome === 'unreadable' ? (
        <p>
          <button type="button" class="open-and-save" onClick={() => void act(sendMessage('openAndSave', { url: sourceUrl }))}>
            {t('openAndSave')}
          </button>
        </p>
      ) : null}
      {allowed === false ? (
        <p>
          <button type="button" class="allow-site" onClick={() => void askForSite()}>
            {t('allowSite', isolate(hostOf(sourceUrl)))}
          </button>
        </p>
      ) : null}
      <p>
        <button type="button" class="link-button check-now" disabled={checking} onClick={() => void checkNow()}>
          {t('checkNow')}
        </button>
        {' · '}
        <button type="button" class="link-button stop-watching" onClick={() => void act(sendMessage('unwatchPage', { pageUrl }))}>
          {t('stopWatching')}
        </button>
      </p>
      {error ? <p class="error" role="alert">{error}</p> : null}
    </div>
  );
}
