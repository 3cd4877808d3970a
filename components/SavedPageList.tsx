import type { ComponentChildren } from 'preact';
import type { PageRecord } from '../utils/store/records';
import { displayTitle, hostOf } from '../utils/format';
import { formatTime, plural, t } from '../utils/i18n';
import { openHistory } from '../utils/pages';

interface Props {
  pages: PageRecord[];
  onOpen: (page: PageRecord) => void;
  empty: string;
  /** Tags, note and deletion for each page (the library's list; the popup's has none). */
  actions?: (page: PageRecord) => ComponentChildren;
}

/** Saved pages, newest first: title (opens the newest copy), site, when, versions. */
export function SavedPageList({ pages, onOpen, empty, actions }: Props) {
  if (pages.length === 0) return <p class="empty">{empty}</p>;
  return (
    <ul class="saved-list">
      {pages.map((page) => (
        <li key={page.url} class="saved-item">
          {/* dir="auto": a Persian or Arabic title reads right to left inside a left-to-right list, and the other way round. */}
          <button type="button" class="link-button" dir="auto" onClick={() => onOpen(page)} title={page.url}>
            {displayTitle(page.title, page.url)}
          </button>
          <span class="meta">
            <bdi>{page.siteName ?? hostOf(page.url)}</bdi> · {formatTime(page.lastSavedAt)}
            {page.versionCount > 1 ? (
              <>
                {' · '}
                <button type="button" class="link-button history-button" onClick={() => void openHistory(page.url)}>
                  {plural('versions', page.versionCount)}
                </button>
              </>
            ) : null}
          </span>
          {page.changed ? <span class="changed-mark" title={t('changedMarkTitle')}>{t('changedMark')}</span> : null}
          {page.kind !== 'article' ? <span class="kind-mark">{page.kind === 'page' ? t('kindWholePage') : t('kindSelection')}</span> : null}
          {actions?.(page)}
        </li>
      ))}
    </ul>
  );
}
