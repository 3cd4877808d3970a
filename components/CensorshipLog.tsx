import { useEffect, useState } from 'preact/hooks';
import { displayTitle } from '../utils/format';
import { formatNumber, formatTime, t } from '../utils/i18n';
import { sendMessage } from '../utils/messages';
import { savedCopyUrl, historyUrl } from '../utils/pages';
import { library } from '../utils/store/library';
import { BLOCK_SIGNATURES_SOURCE } from '../utils/watch/block-pages';
import { censorshipLog, logAsCsv, logAsJson, type LogEntry } from '../utils/watch/censorship-log';
import { describeCheck, describeNews } from '../utils/watch/outcome-words';
import { markNewsSeen } from '../utils/watch/watches';
import { offerDownload } from './download';
import { DownloadReady, type Downloaded } from './DownloadReady';
import { PageLink } from './PageLink';
import { useLiveQuery } from './useLiveQuery';

const DAY = 24 * 60 * 60 * 1000;
const dateInput = (time: number) => new Date(time - new Date(time).getTimezoneOffset() * 60_000).toISOString().slice(0, 10);

/**
 * The censorship log: every watched article a check found edited, removed, blocked or moved (or
 * unreachable while other sites answered) in a chosen period, with the evidence, to read here or
 * export as CSV and JSON. Opening it is looking at the news: the toolbar's count goes.
 */
export function CensorshipLog() {
  const db = library();
  const [from, setFrom] = useState(dateInput(Date.now() - 30 * DAY));
  const [to, setTo] = useState(dateInput(Date.now()));
  const [done, setDone] = useState<Downloaded | null>(null);
  const period = { from: new Date(`${from}T00:00:00`).getTime() || 0, to: new Date(`${to}T23:59:59.999`).getTime() || Date.now() };
  const [entries] = useLiveQuery<LogEntry[] | null>(() => censorshipLog(db, period.from, period.to), [from, to], null);

  useEffect(() => {
    void markNewsSeen(db).then(() => sendMessage('watchChanged', {}).catch(() => undefined));
  }, []);

  const download = (text: string, name: string, type: string) => {
    const blob = new Blob([text], { type });
    setDone({ name, size: blob.size, url: offerDownload(blob, name) });
  };
  const name = `samizdat-censorship-log-${from}-${to}`;
  return (
    <main class="censorship-log">
      <h1>{t('logHeading')}</h1>
      <p>{t('logIntro')}</p>
      <form class="log-period" onSubmit={(event) => event.preventDefault()}>
        <label>
          {t('logFrom')} <input type="date" class="log-from" value={from} onInput={(event) => setFrom(event.currentTarget.value)} />
        </label>{' '}
        <label>
          {t('logTo')} <input type="date" class="log-to" value={to} onInput={(event) => setTo(event.currentTarget.value)} />
        </label>
      </form>
      {entries === null ? (
        <p role="status">{t('loading')}</p>
      ) : entries.length === 0 ? (
        <p class="empty" role="status">{t('logEmpty')}</p>
      ) : (
        <>
          <p class="meta" role="status">{t('logCount', formatNumber(entries.length))}</p>
          <p>
            <button type="button" class="log-csv" onClick={() => download(logAsCsv(entries), `${name}.csv`, 'text/csv')}>
              {t('logExportCsv')}
            </button>{' '}
            <button type="button" class="log-json" onClick={() => download(logAsJson(entries, period, BLOCK_SIGNATURES_SOURCE), `${name}.json`, 'application/json')}>
              {t('logExportJson')}
            </button>
          </p>
          {done ? <DownloadReady file={done} /> : null}
          <table class="log-table">
            <thead>
              <tr>
                <th scope="col">{t('logWhen')}</th>
                <th scope="col">{t('logArticle')}</th>
                <th scope="col">{t('logWhat')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map(({ check, page }) => (
                <tr key={check.id} class={`log-entry log-${check.outcome}`}>
                  <td>
                    <time dateTime={new Date(check.at).toISOString()}>{formatTime(check.at)}</time>
                  </td>
                  <td>
                    {page ? (
                      <PageLink href={historyUrl(page.url)} class="log-title" dir="auto" title={check.url}>
                        {displayTitle(page.title, page.url)}
                      </PageLink>
                    ) : (
                      <bdi>{check.url}</bdi>
                    )}
                  </td>
                  <td>
                    <strong>{describeNews(check, page ? displayTitle(page.title, page.url) : check.url)}</strong> {describeCheck(check)}
                    {check.snapshotId && check.outcome === 'edited' ? (
                      <>
                        {' '}
                        <PageLink href={savedCopyUrl(check.snapshotId)} class="log-version">
                          {t('read')}
                        </PageLink>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </main>
  );
}
