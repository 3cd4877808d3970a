import type { KnownPage, TabState } from '../utils/save/tab-state';
import { formatTime, t } from '../utils/i18n';

/**
 * One sentence about the current tab: never saved, saved at <time>, or saved and changed since.
 * Announced when it changes from "Reading this page…"; a page that cannot be saved, as an alert.
 * Until the page has been read, what its address alone tells (`known`) is shown, marked busy.
 */
export function SaveStatus({ state, known }: { state: TabState | null; known?: KnownPage | null }) {
  if (!state && known?.kind === 'saved') {
    return <p class="state state-saved state-checking" role="status" aria-busy="true">{t('savedCheckingLive', formatTime(known.page.lastSavedAt))}</p>;
  }
  if (!state && known?.kind === 'never-saved') {
    return <p class="state state-checking" role="status" aria-busy="true">{t('notSavedYet')}</p>;
  }
  if (!state) return <p class="state state-reading" role="status">{t('readingPage')}</p>;
  switch (state.kind) {
    case 'unavailable':
      return <p class="state state-unavailable" role="alert">{state.message}</p>;
    case 'never-saved':
      return <p class="state" role="status">{t('notSavedYet')}</p>;
    case 'saved':
      return state.liveDiffers ? (
        <p class="state state-changed" role="status">{t('savedLiveDiffers', formatTime(state.page.lastSavedAt))}</p>
      ) : (
        <p class="state state-saved" role="status">{t('savedLiveSame', formatTime(state.page.lastSavedAt))}</p>
      );
  }
}
