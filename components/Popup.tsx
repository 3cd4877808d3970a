import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { displayTitle, hostOf } from '../utils/format';
import { sendMessage } from '../utils/messages';
import { failureMessage } from '../utils/save/failures';
import { formatNumber, isolate, plural, t } from '../utils/i18n';
import { describeSave } from '../utils/save/feedback';
import type { CaptureKind } from '../utils/capture/types';
import { articleLooksThin, articleShorterThanStated, type KnownPage, type SaveResult, type TabState } from '../utils/save/tab-state';
import { library } from '../utils/store/library';
import { hasPendingImages } from '../utils/store/records';
import { recentPages } from '../utils/store/queries';
import { openExport, openLibrary, savedCopyUrl } from '../utils/pages';
import { LockButton } from './LockButton';
import { PageLink } from './PageLink';
import { MissingImages } from './MissingImages';
import { SavedPageList } from './SavedPageList';
import { SaveStatus } from './SaveStatus';
import { WatchControl } from './WatchControl';
import { useLiveQuery } from './useLiveQuery';

const RECENT_COUNT = 10;

/** Ask for the sites an article's images live on, if any; resolves to whether the user allowed them. */
function askForImageSites(state: TabState | null): Promise<boolean> | null {
  if (!state || state.kind === 'unavailable' || state.imageOrigins.length === 0) return null;
  return browser.permissions.request({ origins: state.imageOrigins.map((origin) => `${origin}/*`) }).catch(() => false);
}

export function Popup({ tabId }: { tabId: number | undefined }) {
  const [state, setState] = useState<TabState | null>(null);
  const [known, setKnown] = useState<KnownPage | null>(null);
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<SaveResult | null>(null);
  const [completing, setCompleting] = useState(false);
  const [recent, recentError] = useLiveQuery(() => recentPages(library(), RECENT_COUNT), [], []);
  // The copy is stored before its images download: follow them as the background attaches each.
  const savedId = result?.ok ? result.outcome.snapshotId : null;
  const [live] = useLiveQuery(async () => (savedId ? { savedId, images: (await library().snapshots.get(savedId))?.images } : undefined), [savedId], undefined, !savedId);
  const shown: SaveResult | null = result?.ok && live?.savedId === savedId && live.images ? { ok: true, outcome: { ...result.outcome, images: live.images } } : result;

  const inspect = async () => {
    if (tabId === undefined) {
      setState({ kind: 'unavailable', failure: 'no-tab', message: failureMessage('no-tab') });
      return;
    }
    // The address alone answers first (a few milliseconds); the full reading of the page follows
    // and replaces it. The two run side by side; whichever order they end in, the full one wins.
    // After a save the earlier full answer stays up until the new one, so there is nothing to ask.
    if (!state) sendMessage('lookUpTab', { tabId }).then(setKnown, () => undefined);
    try {
      setState(await sendMessage('inspectTab', { tabId }));
    } catch (error) {
      setState({ kind: 'unavailable', failure: 'capture-failed', message: t('pageUnreadable', String(error)) });
    }
  };

  useEffect(() => {
    void inspect();
  }, [tabId]);

  const save = async (kind: CaptureKind = 'article') => {
    if (tabId === undefined) return;
    // The save is sent first: Chrome closes the popup when its permission prompt opens, and a
    // message not yet sent from a closing popup is lost (the end-to-end tests lost saves so).
    // The prompt is asked for in the same click, as browsers show it only for a user gesture;
    // the images follow if the user allows their sites.
    const saving = sendMessage('saveTab', { tabId, kind });
    const permission = askForImageSites(state);
    setSaving(true);
    setResult(null);
    let saved: SaveResult;
    try {
      const answer = await saving;
      // Locked by another page since this one was drawn: the copy was kept sealed, and this popup
      // is being replaced by the locked one, which shows nothing of the library.
      if (answer.ok === 'locked') return;
      saved = answer;
    } catch (error) {
      saved = { ok: false, failure: 'capture-failed', message: t('nothingSavedBecause', String(error)) };
    }
    setResult(saved);
    if (saved.ok && permission && (await permission)) {
      // The images arrive in the copy as they download; the live query above shows each.
      setCompleting(true);
      await sendMessage('completeImages', { snapshotId: saved.outcome.snapshotId }).catch(() => undefined);
      setCompleting(false);
    }
    setSaving(false);
    void inspect();
  };

  const unavailable = state?.kind === 'unavailable';
  const offerWholePage = (state?.kind === 'unavailable' && state.failure === 'not-an-article') || (!!state && state.kind !== 'unavailable' && articleLooksThin(state));
  const imageSites = state && state.kind !== 'unavailable' ? state.imageOrigins.map(hostOf) : [];
  return (
    <main class="popup">
      <header class="popup-header">
        <h1>Samizdat</h1>
        <button type="button" class="link-button" onClick={() => void openLibrary()}>
          {t('openLibrary')}
        </button>
        <LockButton />
      </header>
      {state && state.kind !== 'unavailable' ? <p class="page-title" dir="auto">{displayTitle(state.title, state.url)}</p> : null}
      <SaveStatus state={state} known={known} />
      {imageSites.length ? (
        <p class="image-permission">{plural('imagesOnOtherSites', imageSites.length, isolate(imageSites.join(', ')))}</p>
      ) : null}
      {/* Enabled while the page is still being read: saving does its own reading. */}
      <button type="button" class="save-button" autoFocus disabled={saving || unavailable} onClick={() => void save()}>
        {saving ? t('saving') : t('saveArticle')}
      </button>
      {state && state.kind !== 'unavailable' && articleShorterThanStated(state) ? (
        <p class="stated-shortfall">{plural('articleShorterThanStated', state.articleWords, formatNumber(state.statedWords ?? 0))}</p>
      ) : null}
      {offerWholePage ? (
        <p class="whole-page-offer">
          {state?.kind !== 'unavailable' && state ? `${plural('articleLooksThin', state.articleWords, formatNumber(state.pageWords))} ` : ''}
          <button type="button" class="link-button whole-page-button" disabled={saving} onClick={() => void save('page')}>
            {t('saveWholePage')}
          </button>
        </p>
      ) : null}
      {/* Progress and results are announced as they come; a failure interrupts, as an alert. */}
      {/* Busy while the copy's images download: the sentence changes as each arrives. */}
      <div role={result && !result.ok ? 'alert' : 'status'} aria-live={result && !result.ok ? 'assertive' : 'polite'} aria-busy={shown?.ok && hasPendingImages(shown.outcome.images) ? 'true' : undefined} class={`save-result ${result ? (result.ok ? 'ok' : 'error') : ''}`}>
        {saving && !result ? t('savingArticle') : shown ? describeSave(shown) : ''}
        {completing ? ` ${t('fetchingImages')}` : ''}
        {result?.ok ? (
          <>
            {' '}
            <PageLink href={savedCopyUrl(result.outcome.snapshotId)} class="open-saved-copy">
              {t('openSavedCopy')}
            </PageLink>
          </>
        ) : null}
      </div>
      {shown?.ok ? <MissingImages images={shown.outcome.images} /> : null}
      {state?.kind === 'saved' && state.page.kind !== 'selection' ? <WatchControl pageUrl={state.page.url} sourceUrl={state.url} /> : null}
      <p class="popup-exports">
        {state?.kind === 'saved' ? (
          <>
            <button type="button" class="link-button export-this-page" onClick={() => void openExport(state.page.url)}>
              {t('exportThisPage')}
            </button>{' '}
          </>
        ) : null}
        <button type="button" class="link-button export-library" onClick={() => void openExport()}>
          {t('exportLibrary')}
        </button>
      </p>
      <form class="quick-search" role="search" onSubmit={(event) => {
        event.preventDefault();
        void openLibrary(new FormData(event.currentTarget).get('q')?.toString() ?? '');
      }}>
        <input type="search" name="q" aria-label={t('searchLibrary')} placeholder={t('searchLibrary')} />
        <button type="submit">{t('search')}</button>
      </form>
      <h2>{t('recentSaves')}</h2>
      {recentError ? <p class="error" role="alert">{t('libraryUnreadable', recentError.message)}</p> : null}
      <SavedPageList pages={recent} empty={t('nothingSavedYet')} />
    </main>
  );
}
