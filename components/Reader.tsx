import { useEffect, useState } from 'preact/hooks';
import { library } from '../utils/store/db';
import { savedCopy, type SavedCopy } from '../utils/store/queries';
import { displayTitle, formatTime, isWebAddress } from '../utils/format';
import { describeImages } from '../utils/save/image-report';
import { ArticleBody } from './ArticleBody';
import { CopyExports } from './CopyExports';
import { openExport } from '../utils/pages';

/** A time the page states, in the reader's own clock, and exactly as the page gave it. */
function PageTime({ value }: { value: string }) {
  const local = formatTime(value);
  return (
    <>
      <time dateTime={value}>{local}</time>
      {local !== value ? <span class="as-given"> · as given: {value}</span> : null}
    </>
  );
}

type Loaded = { status: 'loading' } | { status: 'missing' } | { status: 'error'; message: string } | { status: 'ready'; copy: SavedCopy };

/** A saved copy: where it came from and when, then the article. Nothing here loads from the network. */
export function Reader({ snapshotId }: { snapshotId: string | null }) {
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  useEffect(() => {
    if (!snapshotId) {
      setLoaded({ status: 'missing' });
      return;
    }
    savedCopy(library(), snapshotId).then(
      (copy) => setLoaded(copy ? { status: 'ready', copy } : { status: 'missing' }),
      (error: Error) => setLoaded({ status: 'error', message: error.message }),
    );
  }, [snapshotId]);

  useEffect(() => {
    if (loaded.status === 'ready') document.title = `${displayTitle(loaded.copy.snapshot.title, loaded.copy.snapshot.sourceUrl)} · Samizdat`;
  }, [loaded]);

  if (loaded.status === 'loading') return <p class="reader-message">Opening the saved copy…</p>;
  if (loaded.status === 'missing') return <p class="reader-message">This saved copy is not in the library. It may have been deleted.</p>;
  if (loaded.status === 'error') return <p class="reader-message error">The saved copy could not be read: {loaded.message}</p>;

  const { snapshot, body, page, images } = loaded.copy;
  const dir = snapshot.dir ?? 'auto';
  return (
    <div class="reader" lang={snapshot.lang ?? undefined} dir={dir}>
      <header class="reader-header">
        <p class="site">{snapshot.siteName}</p>
        <h1>{displayTitle(snapshot.title, snapshot.sourceUrl)}</h1>
        {snapshot.byline ? <p class="byline">{snapshot.byline}</p> : null}
        <dl class="provenance" dir="ltr" lang="en">
          {snapshot.authors.length && snapshot.authors.join(', ') !== snapshot.byline ? (
            <>
              <dt>{snapshot.authors.length === 1 ? 'Author' : 'Authors'}</dt>
              <dd>{snapshot.authors.join(', ')}</dd>
            </>
          ) : null}
          {snapshot.section ? (
            <>
              <dt>Section</dt>
              <dd>{snapshot.section}</dd>
            </>
          ) : null}
          {snapshot.publisher && snapshot.publisher !== snapshot.siteName ? (
            <>
              <dt>Publisher</dt>
              <dd>{snapshot.publisher}</dd>
            </>
          ) : null}
          {snapshot.publishedTime ? (
            <>
              <dt>Published</dt>
              <dd><PageTime value={snapshot.publishedTime} /></dd>
            </>
          ) : null}
          {snapshot.modifiedTime && snapshot.modifiedTime !== snapshot.publishedTime ? (
            <>
              <dt>Modified</dt>
              <dd><PageTime value={snapshot.modifiedTime} /></dd>
            </>
          ) : null}
          <dt>Source</dt>
          <dd>
            <span class="url">{snapshot.sourceUrl}</span>{' '}
            {isWebAddress(snapshot.sourceUrl) ? (
              <a href={snapshot.sourceUrl} target="_blank" rel="noopener noreferrer nofollow">open the live page</a>
            ) : null}
          </dd>
          {snapshot.loadedUrl !== snapshot.sourceUrl ? (
            <>
              <dt>Saved from</dt>
              <dd class="url">{snapshot.loadedUrl}</dd>
            </>
          ) : null}
          <dt>Captured</dt>
          <dd>
            <time dateTime={new Date(snapshot.capturedAt).toISOString()}>{formatTime(snapshot.capturedAt)}</time>
            {page && page.versionCount > 1 ? ` · version ${snapshot.version}; ${page.versionCount} versions kept` : ''}
          </dd>
          {snapshot.images.length ? (
            <>
              <dt>Images</dt>
              <dd>{describeImages(snapshot.images)} kept offline</dd>
            </>
          ) : null}
          <dt>Fingerprint</dt>
          <dd class="hash">SHA-256 {snapshot.id}</dd>
        </dl>
        {snapshot.kind !== 'article' ? (
          <p class="copy-kind">
            {snapshot.kind === 'page'
              ? 'A simplified copy of the whole page: no article was picked out of it.'
              : 'Only the part of the page you selected, with the page’s details.'}
          </p>
        ) : null}
        <p class="notice">This is your offline copy. Links open the live site, and only when you click them.</p>
        <div class="reader-exports">
          <CopyExports snapshotId={snapshot.id} />
          <button type="button" class="link-button" onClick={() => void openExport(snapshot.pageUrl)}>
            Archive or e-book, with every version…
          </button>
        </div>
      </header>
      <ArticleBody html={body.html} lang={snapshot.lang} dir={dir} images={images} refs={snapshot.images} />
    </div>
  );
}
