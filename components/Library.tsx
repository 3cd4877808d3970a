import { useState } from 'preact/hooks';
import { library } from '../utils/store/db';
import { recentPages } from '../utils/store/queries';
import { openSavedCopy } from '../utils/pages';
import { SavedPageList } from './SavedPageList';
import { useLiveQuery } from './useLiveQuery';

const PAGE_SIZE = 100;

/** Every saved page, newest first, a hundred at a time so that a large library opens at once. */
export function Library() {
  const [shown, setShown] = useState(PAGE_SIZE);
  const db = library();
  const [pages, error] = useLiveQuery(() => recentPages(db, shown + 1), [shown], null);
  const [total] = useLiveQuery(() => db.pages.count(), [], 0);
  const visible = pages?.slice(0, shown) ?? [];
  return (
    <main class="library">
      <header>
        <h1>Samizdat library</h1>
        <p class="meta">{total === 1 ? '1 saved page' : `${total} saved pages`}</p>
      </header>
      {error ? <p class="error">The library could not be read: {error.message}</p> : null}
      {pages === null ? (
        <p>Loading…</p>
      ) : (
        <SavedPageList pages={visible} onOpen={(page) => void openSavedCopy(page.latestSnapshotId)} empty="Nothing saved yet. Open an article and click Samizdat’s toolbar button to keep a copy." />
      )}
      {pages && pages.length > shown ? (
        <button type="button" onClick={() => setShown(shown + PAGE_SIZE)}>
          Show more
        </button>
      ) : null}
    </main>
  );
}
