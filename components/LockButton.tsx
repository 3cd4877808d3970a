import { t } from '../utils/i18n';
import { viewOf } from '../utils/safety/library-lock';
import { libraryLock } from '../utils/store/library';
import { useLock } from './useLock';

/** "Lock", wherever the library is open: forgets the key in every page and the background. */
export function LockButton() {
  const state = useLock();
  if (!state || viewOf(state) !== 'unlocked') return null;
  return (
    <button type="button" class="lock-button" onClick={() => void libraryLock().lock()}>
      {t('lockLibrary')}
    </button>
  );
}
