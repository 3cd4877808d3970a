import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { formatNumber, t } from '../utils/i18n';
import { KeyRefused } from '../utils/safety/library-key';
import { viewOf, type ConvertProgress } from '../utils/safety/library-lock';
import { libraryLock } from '../utils/store/library';
import { useLock } from './useLock';

/**
 * What every page that shows the library is drawn inside (issue 25): while a protected library is
 * locked, only the passphrase field; while it is being sealed or opened, only how far that has
 * gone. The moment the library locks (here or in any other page, the shortcut, the idle timer),
 * the page's content is taken down, not hidden: nothing read from the library stays drawn.
 */
export function LockGate({ children, whileLocked }: { children: ComponentChildren; whileLocked?: ComponentChildren }) {
  const state = useLock();
  if (!state) return null;
  const view = viewOf(state);
  if (view === 'locked') return <UnlockForm>{whileLocked}</UnlockForm>;
  if (view === 'converting') return <ConvertingNotice progress={state.progress} sealing={state.record?.state === 'sealing'} />;
  return <>{children}</>;
}

/** The passphrase field; `children` (the popup's save while locked) come first. */
function UnlockForm({ children }: { children?: ComponentChildren }) {
  const [secret, setSecret] = useState('');
  const [byRecoveryKey, setByRecoveryKey] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const unlock = async () => {
    setBusy(true);
    setError(null);
    try {
      await libraryLock().unlock(byRecoveryKey ? { recoveryKey: secret } : { passphrase: secret });
    } catch (failure) {
      setError(failure instanceof KeyRefused && failure.reason === 'wrong-secret' ? t(byRecoveryKey ? 'wrongRecoveryKey' : 'wrongPassphrase') : t('unlockFailed', String(failure)));
      setBusy(false);
    }
  };
  return (
    <main class="locked">
      {children}
      <h1>{t('libraryLockedHeading')}</h1>
      <p>{t('libraryLockedIntro')}</p>
      <form
        class="unlock-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (secret && !busy) void unlock();
        }}
      >
        <label>
          {t(byRecoveryKey ? 'recoveryKeyLabel' : 'passphraseLabel')}{' '}
          <input
            type={byRecoveryKey ? 'text' : 'password'}
            class="unlock-secret"
            autoFocus
            autocomplete={byRecoveryKey ? 'off' : 'current-password'}
            spellcheck={false}
            dir="ltr"
            value={secret}
            onInput={(event) => setSecret(event.currentTarget.value)}
          />
        </label>{' '}
        <button type="submit" class="unlock-button" disabled={busy || !secret}>
          {busy ? t('unlocking') : t('unlock')}
        </button>
      </form>
      <div role="alert" class="unlock-error">{error ? <p class="error">{error}</p> : null}</div>
      <p>
        <button
          type="button"
          class="link-button use-recovery-key"
          onClick={() => {
            setByRecoveryKey(!byRecoveryKey);
            setSecret('');
            setError(null);
          }}
        >
          {t(byRecoveryKey ? 'usePassphraseInstead' : 'useRecoveryKeyInstead')}
        </button>
      </p>
    </main>
  );
}

function ConvertingNotice({ progress, sealing }: { progress: ConvertProgress | null; sealing: boolean }) {
  return (
    <main class="converting">
      <h1>{t(sealing ? 'protectingHeading' : 'unprotectingHeading')}</h1>
      {progress?.stopped ? (
        <p role="alert" class="error convert-stopped">{t('convertStopped', progress.stopped)}</p>
      ) : (
        <>
          <p role="status" class="convert-progress">
            {progress ? t('convertProgress', formatNumber(progress.done), formatNumber(progress.total)) : t('convertStarting')}
          </p>
          {progress ? <progress max={progress.total} value={progress.done} /> : null}
        </>
      )}
      <p class="meta">{t('convertGoesOn')}</p>
    </main>
  );
}
