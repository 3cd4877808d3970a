import { useEffect, useRef, useState } from 'preact/hooks';
import { library } from '../utils/store/library';
import { LockButton } from './LockButton';
import { recentPages, tagsInUse } from '../utils/store/queries';
import { queuedRowCount, SLOW_SEARCH_QUEUE } from '../utils/store/search-rows';
import { displayTitle } from '../utils/format';
import { isolate, plural, t } from '../utils/i18n';
import { passage } from '../utils/search/passage';
import { countMatches, searchLibrary, type SearchFilters } from '../utils/search/search';
import { PageActions } from './PageActions';
import { SavedPageList } from './SavedPageList';
import { StorageLine } from './StorageLine';
import { UndoBar, type Deletion } from './UndoBar';
import { SearchResults, type Found } from './SearchResults';
import { useLiveQuery } from './useLiveQuery';
import { sendMessage } from '../utils/messages';
import { markNewsSeen, unseenNews, watchedPages, type WatchedShown } from '../utils/watch/watches';
import { WatchTools } from './WatchTools';
import { loadLater } from './LoadLater';

// The archive code is fetched when a panel opens, not before the first rows (LoadLater.tsx).
const ExportPanel = loadLater(async () => (await import('./ExportPanel')).ExportPanel);
const ImportPanel = loadLater(async () => (await import('./ImportPanel')).ImportPanel);

/** What the library opens with: a search, or the export panel (from the popup). */
export interface LibraryStart {
  query: string;
  export: 'all' | { page: string } | null;
}

const PAGE_SIZE = 100;
/**
 * Rows drawn in the first paint; the rest of the hundred follow in the next frame. Laying out a
 * hundred rows with their tools took most of the library's first paint (docs/BENCHMARKS.md), and a
 * screen shows about twenty.
 */
const FIRST_PAINT_ROWS = 20;
/** Passages are read for the first results only: reading bodies is the slow part. */
const PASSAGES_FOR = 30;
const TYPING_PAUSE_MS = 120;

function dayStart(value: string): number | undefined {
  return value ? new Date(`${value}T00:00:00`).getTime() : undefined;
}
function dayEnd(value: string): number | undefined {
  return value ? new Date(`${value}T23:59:59.999`).getTime() : undefined;
}

/** Every saved page, newest first, a hundred at a time; or the pages a search finds. */
export function Library({ start }: { start: LibraryStart }) {
  const [shown, setShown] = useState(PAGE_SIZE);
  const [query, setQuery] = useState(start.query);
  const [panel, setPanel] = useState<'export' | 'import' | null>(start.export ? 'export' : null);
  const [exportPage, setExportPage] = useState<{ url: string; title: string } | null>(null);
  const [site, setSite] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [tag, setTag] = useState('');
  const [deletion, setDeletion] = useState<Deletion | null>(null);
  const [results, setResults] = useState<{ found: Found[]; total: number | null; query: string } | null>(null);
  const exportButton = useRef<HTMLButtonElement>(null);
  const importButton = useRef<HTMLButtonElement>(null);
  const db = library();
  const [pages, error] = useLiveQuery(() => recentPages(db, shown + 1), [shown], null);
  // The count, the tags and the queue are asked for once the first rows are in: asked beside them,
  // they delayed them (a count reads every key of the pages' table).
  const firstRowsPending = pages === null && error === null;
  const [total] = useLiveQuery<number | null>(() => db.pages.count(), [], null, firstRowsPending);
  const [allTags] = useLiveQuery(() => tagsInUse(db), [], [], firstRowsPending);
  // Rows an import queued, while this page indexes them (ImportPanel.tsx): searches read them one by one.
  const [queued] = useLiveQuery(() => queuedRowCount(db), [], 0, firstRowsPending);
  // Watched pages: their marks in the list, the "Show" menu, and "Check all watched".
  const [watches] = useLiveQuery(() => db.watches.toArray(), [], [], firstRowsPending);
  const watchOf = new Map(watches.map((watch) => [watch.pageUrl, watch]));
  const [show, setShow] = useState<'all' | WatchedShown>('all');
  const [shownWatched] = useLiveQuery(() => (show === 'all' ? Promise.resolve(null) : watchedPages(db, show)), [show], null);
  // Opening the library is looking at the news: the toolbar's count goes.
  useEffect(() => {
    if (firstRowsPending) return;
    void unseenNews(db).then(async (count) => {
      if (!count) return;
      await markNewsSeen(db);
      await sendMessage('watchChanged', {}).catch(() => undefined);
    });
  }, [firstRowsPending]);
  // Copies stored before their images, whose downloads are under way or were cut short.
  const [imagesWaiting] = useLiveQuery(() => db.imageQueue.count(), [], 0, firstRowsPending);
  const [askedForImages, setAskedForImages] = useState(false);
  useEffect(() => {
    if (imagesWaiting === 0 || askedForImages) return;
    // Downloads a stop cut short resume when the background starts; this wakes it if it sleeps.
    setAskedForImages(true);
    void sendMessage('completeQueuedImages', {}).catch(() => undefined);
  }, [imagesWaiting]);
  const searching = query.trim() !== '' || site.trim() !== '' || tag !== '' || from !== '' || to !== '';
  const filters = (): SearchFilters => ({ site, tag: tag || undefined, from: dayStart(from), to: dayEnd(to) });

  useEffect(() => {
    const wanted = start.export;
    if (wanted && wanted !== 'all') {
      void db.pages.get(wanted.page).then((page) => page && setExportPage({ url: page.url, title: displayTitle(page.title, page.url) }));
    }
  }, []);

  useEffect(() => {
    if (!searching) {
      setResults(null);
      return;
    }
    let current = true;
    const timer = setTimeout(async () => {
      const result = await searchLibrary(db, query, filters());
      const bodies = await db.bodies.bulkGet(result.pages.slice(0, PASSAGES_FOR).map((p) => p.latestSnapshotId));
      const found = result.pages.map((page, i) => ({ page, passage: bodies[i] ? passage(bodies[i]!.text, result.terms) : [] }));
      if (!current) return;
      setResults({ found, total: result.total, query });
      // Words on many pages: the newest are shown first, and how many match follows.
      if (result.total === null) {
        const total = await countMatches(db, query, filters());
        if (current) setResults({ found, total, query });
      }
    }, TYPING_PAUSE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, site, tag, from, to, deletion, total]);

  /** A closed panel gives the keyboard back to the button that opens it, not to the page's start. */
  const closePanel = () => {
    const opener = panel === 'import' ? importButton.current : exportButton.current;
    setPanel(null);
    setExportPage(null);
    opener?.focus();
  };

  const [drawnAll, setDrawnAll] = useState(false);
  useEffect(() => {
    if (!pages || drawnAll) return;
    // After the first rows are painted: a timer queued from the next frame runs after its paint.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => (timer = setTimeout(() => setDrawnAll(true))));
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [pages !== null]);
  const listed = shownWatched ?? pages;
  const visible = listed?.slice(0, drawnAll ? shown : Math.min(shown, FIRST_PAINT_ROWS)) ?? [];
  // Which of the shown copies miss images, and why: read once the first rows are drawn.
  const [copies] = useLiveQuery(() => db.snapshots.bulkGet(visible.map((page) => page.latestSnapshotId)), [visible.map((page) => page.latestSnapshotId).join()], [], !drawnAll);
  const imagesOf = new Map(copies.flatMap((copy) => (copy ? [[copy.id, copy.images] as const] : [])));
  return (
    <main class="library">
      <header>
        <h1>{t('libraryHeading')}</h1>
        <LockButton />
        {/* Empty, not "0 saved pages", until the count is in. */}
        <p class="meta">{total === null ? '' : plural('savedPages', total)}</p>
        <StorageLine refresh={total} />
        {/* Not a live region: its count changes every fifty rows, and would be announced each time. */}
        {queued >= SLOW_SEARCH_QUEUE ? <p class="meta search-indexing">{plural('searchIndexing', queued)}</p> : null}
        {imagesWaiting > 0 ? <p class="meta images-queued">{plural('imagesQueued', imagesWaiting)}</p> : null}
        <WatchTools watched={watches.length} />
        <p class="library-tools">
          <button type="button" class="open-export" ref={exportButton} aria-expanded={panel === 'export'} onClick={() => setPanel(panel === 'export' ? null : 'export')}>
            {t('openExport')}
          </button>{' '}
          <button type="button" class="open-import" ref={importButton} aria-expanded={panel === 'import'} onClick={() => setPanel(panel === 'import' ? null : 'import')}>
            {t('openImport')}
          </button>
        </p>
      </header>
      {panel === 'export' ? (
        <ExportPanel
          key={exportPage?.url ?? 'library'}
          total={total ?? 0}
          shown={searching && results ? { count: results.total, keys: async () => (await searchLibrary(db, query, filters(), Infinity)).pages.map((p) => p.url) } : null}
          page={exportPage}
          onClose={closePanel}
        />
      ) : null}
      {panel === 'import' ? <ImportPanel onClose={closePanel} /> : null}
      <UndoBar deletion={deletion} onDone={() => setDeletion(null)} />
      <form class="search" role="search" onSubmit={(event) => event.preventDefault()}>
        <input
          type="search"
          class="search-query"
          aria-label={t('searchLibrary')}
          placeholder={t('searchHint')}
          value={query}
          autoFocus
          onInput={(event) => setQuery(event.currentTarget.value)}
        />
        <div class="filters">
          <label>
            {t('filterSite')} <input type="text" class="search-site" value={site} onInput={(event) => setSite(event.currentTarget.value)} />
          </label>
          {allTags.length ? (
            <label>
              {t('filterTag')}{' '}
              <select class="search-tag" value={tag} onChange={(event) => setTag(event.currentTarget.value)}>
                <option value="">{t('filterAnyTag')}</option>
                {allTags.map((t) => <option key={t} value={t}>{t}</option>)}
              </select>
            </label>
          ) : null}
          <label>
            {t('filterSavedFrom')} <input type="date" class="search-from" value={from} onInput={(event) => setFrom(event.currentTarget.value)} />
          </label>
          <label>
            {t('filterSavedTo')} <input type="date" class="search-to" value={to} onInput={(event) => setTo(event.currentTarget.value)} />
          </label>
          {watches.length ? (
            <label>
              {t('showPages')}{' '}
              <select class="show-pages" value={show} onChange={(event) => setShow(event.currentTarget.value as typeof show)}>
                <option value="all">{t('showAll')}</option>
                <option value="watched">{t('showWatched')}</option>
                <option value="edited">{t('showEdited')}</option>
                <option value="removed">{t('showRemoved')}</option>
                <option value="blocked">{t('showBlocked')}</option>
                <option value="unreachable">{t('showUnreachable')}</option>
              </select>
            </label>
          ) : null}
        </div>
      </form>
      {error ? <p class="error" role="alert">{t('libraryUnreadable', error.message)}</p> : null}
      {searching ? (
        results ? <SearchResults found={results.found} total={results.total} query={results.query} /> : <p role="status">{t('searching')}</p>
      ) : listed === null ? (
        <p role="status">{t('loading')}</p>
      ) : (
        <>
          <SavedPageList
            pages={visible}
            imagesOf={(page) => imagesOf.get(page.latestSnapshotId)}
            watchOf={(page) => watchOf.get(page.url)}
            empty={show === 'all' ? t('libraryEmpty') : t('noneShown')}
            actions={(page) => <PageActions page={page} onExport={() => {
              setExportPage({ url: page.url, title: displayTitle(page.title, page.url) });
              setPanel('export');
            }} onDeleted={(gone, removed) => setDeletion({ label: plural('deletedPage', gone.versionCount, isolate(displayTitle(gone.title, gone.url))), removed })} />}
          />
          {listed.length > shown ? (
            <button type="button" onClick={() => setShown(shown + PAGE_SIZE)}>
              {t('showMore')}
            </button>
          ) : null}
        </>
      )}
    </main>
  );
}

