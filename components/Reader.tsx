import { useEffect, useState } from 'preact/hooks';
import { library } from '../utils/store/library';
import { savedCopy, type SavedCopy } from '../utils/store/queries';
import { displayTitle, isWebAddress } from '../utils/format';
import { formatNumber, formatTime, plural, t } from '../utils/i18n';
import { describeImages } from '../utils/save/image-report';
import { ArticleBody } from './ArticleBody';
import { CopyExports } from './CopyExports';
import { WatchControl } from './WatchControl';
import { openExport } from '../utils/pages';

/** A time the page states, in the reader's own clock, and exactly as the page gave it. */
function PageTime({ value }: { value: string }) {
  const local = formatTime(value);
  return (
    <>
      <time dateTime={value}>{local}</time>
      {local !== value ? <span class="as-given"> · {t('asGiven', value)}</span> : null}
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
    if (loaded.status === 'ready') document.title = t('titleReaderCopy', displayTitle(loaded.copy.snapshot.title, loaded.copy.snapshot.sourceUrl));
  }, [loaded]);

  if (loaded.status === 'loading') return <p class="reader-message" role="status">{t('openingCopy')}</p>;
  if (loaded.status === 'missing') return <p class="reader-message" role="alert">{t('copyMissing')}</p>;
  if (loaded.status === 'error') return <p class="reader-message error" role="alert">{t('copyUnreadable', loaded.message)}</p>;

  const { snapshot, body, page, images } = loaded.copy;
  const dir = snapshot.dir ?? 'auto';
  const lang = snapshot.lang ?? undefined;
  return (
    // The page's words (site, title, byline, article) in the article's language and direction; the
    // labels and notes around them in the UI's, which <html lang dir> gives.
    <div class="reader">
      <header class="reader-header">
        <p class="site" lang={lang} dir={dir}>{snapshot.siteName}</p>
        <h1 lang={lang} dir={dir}>{displayTitle(snapshot.title, snapshot.sourceUrl)}</h1>
        {snapshot.byline ? <p class="byline" lang={lang} dir={dir}>{snapshot.byline}</p> : null}
        <dl class="provenance">
          {snapshot.authors.length && snapshot.authors.join(', ') !== snapshot.byline ? (
            <>
              <dt>{plural('detailAuthors', snapshot.authors.length)}</dt>
              <dd dir="auto">{snapshot.authors.join(', ')}</dd>
            </>
          ) : null}
          {snapshot.section ? (
            <>
              <dt>{t('detailSection')}</dt>
              <dd dir="auto">{snapshot.section}</dd>
            </>
          ) : null}
          {snapshot.publisher && snapshot.publisher !== snapshot.siteName ? (
            <>
              <dt>{t('detailPublisher')}</dt>
              <dd dir="auto">{snapshot.publisher}</dd>
            </>
          ) : null}
          {snapshot.publishedTime ? (
            <>
              <dt>{t('detailPublished')}</dt>
              <dd><PageTime value={snapshot.publishedTime} /></dd>
            </>
          ) : null}
          {snapshot.modifiedTime && snapshot.modifiedTime !== snapshot.publishedTime ? (
            <>
              <dt>{t('detailModified')}</dt>
              <dd><PageTime value={snapshot.modifiedTime} /></dd>
            </>
          ) : null}
          <dt>{t('detailSource')}</dt>
          <dd>
            <bdi class="url">{snapshot.sourceUrl}</bdi>{' '}
            {isWebAddress(snapshot.sourceUrl) ? (
              <a href={snapshot.sourceUrl} target="_blank" rel="noopener noreferrer nofollow">{t('openLivePage')}</a>
            ) : null}
          </dd>
          {snapshot.loadedUrl !== snapshot.sourceUrl ? (
            <>
              <dt>{t('detailSavedFrom')}</dt>
              <dd class="url"><bdi>{snapshot.loadedUrl}</bdi></dd>
            </>
          ) : null}
          <dt>{t('detailCaptured')}</dt>
          <dd>
            <time dateTime={new Date(snapshot.capturedAt).toISOString()}>{formatTime(snapshot.capturedAt)}</time>
            {page && page.versionCount > 1 ? ` · ${plural('versionOfKept', page.versionCount, formatNumber(snapshot.version))}` : ''}
            {snapshot.importedFrom ? (
              <>
                <br />
                <span class="imported-from" dir="auto">{t('readerImportedFrom', snapshot.importedFrom.file, snapshot.importedFrom.software ? ` (${snapshot.importedFrom.software})` : '')}</span>
              </>
            ) : null}
          </dd>
          {snapshot.images.length ? (
            <>
              <dt>{t('detailImages')}</dt>
              <dd>{t('imagesKeptOffline', describeImages(snapshot.images))}</dd>
            </>
          ) : null}
          <dt>{t('detailFingerprint')}</dt>
          <dd class="hash" dir="ltr">SHA-256 {snapshot.id}</dd>
        </dl>
        {snapshot.kind !== 'article' ? (
          <p class="copy-kind">
            {snapshot.kind === 'page'
              ? t('copyIsWholePage')
              : t('copyIsSelection')}
          </p>
        ) : null}
        <p class="notice">{t('offlineNotice')}</p>
        {snapshot.kind !== 'selection' ? <WatchControl pageUrl={snapshot.pageUrl} sourceUrl={snapshot.sourceUrl} /> : null}
        <div class="reader-exports">
          <CopyExports snapshotId={snapshot.id} />
          <button type="button" class="link-button" onClick={() => void openExport(snapshot.pageUrl)}>
            {t('archiveOrEbook')}
          </button>
        </div>
      </header>
      <ArticleBody html={body.html} lang={snapshot.lang} dir={dir} images={images} refs={snapshot.images} />
    </div>
  );
}
