import type { ComponentChildren } from 'preact';
import type { ImageRef, PageRecord, WatchRecord } from '../utils/store/records';
import { outcomeLabel } from '../utils/watch/outcome-words';
import { displayTitle, hostOf } from '../utils/format';
import { formatTime, plural, t } from '../utils/i18n';
import { historyUrl, savedCopyUrl } from '../utils/pages';
import { MissingImages } from './MissingImages';
import { PageLink } from './PageLink';

interface Props {
  pages: PageRecord[];
  empty: string;
  /** Tags, note and deletion for each page (the library's list; the popup's has none). */
  actions?: (page: PageRecord) => ComponentChildren;
  /** The images of each page's newest copy, where known: those not kept are listed with why. */
  imagesOf?: (page: PageRecord) => ImageRef[] | undefined;
  /** Each page's watch, if it is watched: marked, with the last news its checks brought. */
  watchOf?: (page: PageRecord) => WatchRecord | undefined;
}

/** Saved pages, newest first: title (a link to the newest copy), site, when, versions (a link to them). */
export function SavedPageList({ pages, empty, actions, imagesOf, watchOf }: Props) {
  if (pages.length === 0) return <p class="empty">{empty}</p>;
  return (
    <ul class="saved-list">
      {pages.map((page) => (
        <li key={page.url} class="saved-item">
          {/* dir="auto": a Persian or Arabic title reads right to left inside a left-to-right list, and the other way round. */}
          <PageLink href={savedCopyUrl(page.latestSnapshotId)} class="saved-title" dir="auto" title={page.url}>
            {displayTitle(page.title, page.url)}
          </PageLink>
          <span class="meta">
            <bdi>{page.siteName ?? hostOf(page.url)}</bdi> · {formatTime(page.lastSavedAt)}
            {page.versionCount > 1 ? (
              <>
                {' · '}
                <PageLink href={historyUrl(page.url)} class="history-button">
                  {plural('versions', page.versionCount)}
                </PageLink>
              </>
            ) : null}
          </span>
          {page.changed ? <span class="changed-mark" title={t('changedMarkTitle')}>{t('changedMark')}</span> : null}
          {page.kind !== 'article' ? <span class="kind-mark">{page.kind === 'page' ? t('kindWholePage') : t('kindSelection')}</span> : null}
          {watchOf?.(page) ? <WatchMarks watch={watchOf(page)!} /> : null}
          {imagesOf ? <MissingImages images={imagesOf(page) ?? []} /> : null}
          {actions?.(page)}
        </li>
      ))}
    </ul>
  );
}

/** "Watched", and the last news of its checks: "Edited 6 Dec 2026, 12:00". */
function WatchMarks({ watch }: { watch: WatchRecord }) {
  return (
    <span class="watch-marks">
      <span class="watch-mark">{t('showWatched')}</span>
      {watch.lastNews ? (
        <>
          {' '}
          <span class={`news-mark news-${watch.lastNews.outcome}`}>{t('newsMark', outcomeLabel(watch.lastNews.outcome), formatTime(watch.lastNews.at))}</span>
        </>
      ) : null}
    </span>
  );
}
