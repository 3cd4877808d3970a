import type { PassagePart } from '../utils/search/passage';
import type { PageRecord } from '../utils/store/records';
import { displayTitle, hostOf } from '../utils/format';
import { formatTime, plural, tParts } from '../utils/i18n';
import { savedCopyUrl } from '../utils/pages';
import { PageLink } from './PageLink';

export interface Found {
  page: PageRecord;
  passage: PassagePart[];
}

/** Search results: each page with the passage where the words are, marked. Text only, never HTML. */
/** `total` is null while the pages found are being counted (utils/search/search.ts): the newest come first. */
export function SearchResults({ found, total, query }: { found: Found[]; total: number | null; query: string }) {
  if (found.length === 0) return <p class="empty" role="status" data-query={query}>{tParts('noMatch', <bdi>{query}</bdi>)}</p>;
  return (
    <>
      <p class="meta" role="status" data-query={query}>{total === null ? plural('pagesMatchCounting', found.length) : plural('pagesMatch', total)}</p>
      <ul class="saved-list search-results">
        {found.map(({ page, passage }) => (
          <li key={page.url} class="saved-item">
            <PageLink href={savedCopyUrl(page.latestSnapshotId)} class="saved-title" dir="auto" title={page.url}>
              {displayTitle(page.title, page.url)}
            </PageLink>
            <span class="meta">
              <bdi>{page.siteName ?? hostOf(page.url)}</bdi> · {formatTime(page.lastSavedAt)}
            </span>
            {passage.length ? (
              <p class="passage" dir="auto">{passage.map((part, i) => (part.marked ? <mark key={i}>{part.text}</mark> : part.text))}</p>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}
