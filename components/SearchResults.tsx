import type { PassagePart } from '../utils/search/passage';
import type { PageRecord } from '../utils/store/records';
import { displayTitle, formatTime, hostOf } from '../utils/format';

export interface Found {
  page: PageRecord;
  passage: PassagePart[];
}

/** Search results: each page with the passage where the words are, marked. Text only, never HTML. */
export function SearchResults({ found, total, query, onOpen }: { found: Found[]; total: number; query: string; onOpen: (page: PageRecord) => void }) {
  if (found.length === 0) return <p class="empty" role="status" data-query={query}>No saved page matches “{query}”.</p>;
  return (
    <>
      <p class="meta" role="status" data-query={query}>{total === 1 ? '1 page matches' : `${total} pages match`}</p>
      <ul class="saved-list search-results">
        {found.map(({ page, passage }) => (
          <li key={page.url} class="saved-item">
            <button type="button" class="link-button" dir="auto" onClick={() => onOpen(page)} title={page.url}>
              {displayTitle(page.title, page.url)}
            </button>
            <span class="meta">
              {page.siteName ?? hostOf(page.url)} · {formatTime(page.lastSavedAt)}
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
