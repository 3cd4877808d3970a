import type { TabState } from '../utils/save/tab-state';
import { formatTime } from '../utils/format';

/** One sentence about the current tab: never saved, saved at <time>, or saved and changed since. */
export function SaveStatus({ state }: { state: TabState | null }) {
  if (!state) return <p class="state">Reading this page…</p>;
  switch (state.kind) {
    case 'unavailable':
      return <p class="state state-unavailable">{state.message}</p>;
    case 'never-saved':
      return <p class="state">Not saved yet.</p>;
    case 'saved':
      return state.liveDiffers ? (
        <p class="state state-changed">
          Saved {formatTime(state.page.lastSavedAt)}, and the live page now differs from your newest copy. Save to keep
          this version too.
        </p>
      ) : (
        <p class="state state-saved">Saved {formatTime(state.page.lastSavedAt)}; the live page is the same.</p>
      );
  }
}
