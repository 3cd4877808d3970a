import { useState } from 'preact/hooks';
import { formatNumber, t } from '../utils/i18n';
import { AUTO_LOCK_CHOICES, DEFAULT_AUTO_LOCK_MINUTES } from '../utils/safety/auto-lock';
import { KeyRefused, recoveryKeyBytes } from '../utils/safety/library-key';
import { viewOf } from '../utils/safety/library-lock';
import { createProtection, unlockProtection, withNewPassphrase, withNewRecoveryKey, type NewProtection, type ProtectionRecord } from '../utils/safety/protection';
import { libraryLock } from '../utils/store/library';
import { PassphraseChoice, passphraseProblem, type PassphraseState } from './PassphraseChoice';
import { useLock } from './useLock';

const EMPTY: PassphraseState = { on: true, passphrase: '', again: '' };

/**
 * Settings › Protect this library (issue 25): turn protection on (a passphrase, the recovery key
 * shown once, then the library sealed in the background), lock, change the passphrase, make a new
 * recovery key, turn it off.
 * What protection does not protect is said before it is turned on.
 */
export function ProtectionSettings() {
  const state = useLock();
  const view = state ? viewOf(state) : null;
  return (
    <section aria-labelledby="protection-heading" class="protection-settings">
      <h2 id="protection-heading">{t('protectionHeading')}</h2>
      <p>{t('protectionIntro')}</p>
      <p class="meta">{t('protectionLimits')}</p>
      {view === 'plain' ? <TurnOn /> : null}
      {view === 'unlocked' ? <ProtectedNow /> : null}
    </section>
  );
}

function TurnOn() {
  const [choosing, setChoosing] = useState(false);
  const [choice, setChoice] = useState<PassphraseState>(EMPTY);
  const [made, setMade] = useState<NewProtection | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!choosing)
    return (
      <p>
        <button type="button" class="protect-library" onClick={() => setChoosing(true)}>
          {t('protectLibrary')}
        </button>
      </p>
    );
  if (made)
    return (
      <RecoveryKeyShown
        intro={t('recoveryKeyIntro')}
        recoveryKey={made.recoveryKey}
        action={t('startProtecting')}
        actionClass="start-protecting"
        busy={busy}
        onConfirm={async () => {
          setBusy(true);
          // The key first, so that no page sees a protected library it cannot open; then the
          // record, which sets the background to seal the library.
          const lock = libraryLock();
          await lock.hold(made.libraryKey);
          await lock.setRecord(made.record);
        }}
      />
    );
  const problem = passphraseProblem(choice);
  return (
    <form
      class="protect-form"
      onSubmit={async (event) => {
        event.preventDefault();
        if (problem || busy) return;
        setBusy(true);
        setError(null);
        try {
          // Argon2id is calibrated to about a second on this machine, then the key is wrapped.
          setMade(await createProtection(choice.passphrase));
        } catch (failure) {
          setError(String(failure));
        } finally {
          setBusy(false);
        }
      }}
    >
      <p class="passphrase-warning">{t('protectionWarning')}</p>
      <PassphraseChoice state={choice} onChange={setChoice} disabled={busy} legend={t('protectionPassphraseLegend')} />
      {choice.passphrase && problem ? <p class="meta">{problem}</p> : null}
      <p>
        <button type="submit" class="make-protection" disabled={!!problem || busy}>
          {busy ? t('makingKeys') : t('continueProtecting')}
        </button>
      </p>
      {error ? <p class="error" role="alert">{error}</p> : null}
    </form>
  );
}

type Action = null | 'change' | 'recovery' | 'off';

/** Each action's form and button, by class name and message. */
const ACTIONS = {
  change: { form: 'change-passphrase-form', confirm: 'confirm-change', label: 'changePassphrase' },
  recovery: { form: 'new-recovery-key-form', confirm: 'confirm-new-recovery-key', label: 'newRecoveryKey' },
  off: { form: 'unprotect-form', confirm: 'confirm-unprotect', label: 'unprotectLibrary' },
} as const;

function ProtectedNow() {
  const [action, setAction] = useState<Action>(null);
  const [current, setCurrent] = useState('');
  const [choice, setChoice] = useState<PassphraseState>(EMPTY);
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** A new recovery key made and shown, not yet in use: the old one works until it is replaced. */
  const [newKey, setNewKey] = useState<{ record: ProtectionRecord; recoveryKey: string } | null>(null);
  const lock = libraryLock();

  /**
   * The current passphrase, or the recovery key, must open the library before anything changes.
   * The recovery key too: someone who forgot the passphrase and opened the library with it can
   * then choose a new passphrase, and a new recovery key.
   */
  const confirmed = async (): Promise<Uint8Array | null> => {
    const record = lock.state.record;
    if (!record) return null;
    const attempts = recoveryKeyBytes(current) ? [{ recoveryKey: current }, { passphrase: current }] : [{ passphrase: current }];
    for (const secret of attempts) {
      try {
        return await unlockProtection(record, secret);
      } catch (failure) {
        if (!(failure instanceof KeyRefused && failure.reason === 'wrong-secret')) {
          setError(String(failure));
          return null;
        }
      }
    }
    setError(t('wrongSecret'));
    return null;
  };

  const done = (message: string | null) => {
    setAction(null);
    setCurrent('');
    setChoice(EMPTY);
    setSaid(message);
  };

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setSaid(null);
    try {
      await work();
    } catch (failure) {
      setError(String(failure));
    } finally {
      setBusy(false);
    }
  };

  const problem = action === 'change' ? passphraseProblem(choice) : null;
  return (
    <div class="protected-now">
      <p class="protection-on">{t('protectionOn')}</p>
      <p>
        <button type="button" class="lock-button" onClick={() => void lock.lock()}>
          {t('lockLibrary')}
        </button>{' '}
        <button type="button" class="link-button change-passphrase" onClick={() => setAction(action === 'change' ? null : 'change')}>
          {t('changePassphrase')}
        </button>{' '}
        <button type="button" class="link-button new-recovery-key" onClick={() => setAction(action === 'recovery' ? null : 'recovery')}>
          {t('newRecoveryKey')}
        </button>{' '}
        <button type="button" class="link-button unprotect-library" onClick={() => setAction(action === 'off' ? null : 'off')}>
          {t('unprotectLibrary')}
        </button>
      </p>
      <p>
        <label>
          {t('autoLockLabel')}{' '}
          <select
            class="auto-lock"
            value={String(lock.state.record?.autoLockMinutes ?? DEFAULT_AUTO_LOCK_MINUTES)}
            onChange={(event) => {
              const record = lock.state.record;
              if (record) void lock.setRecord({ ...record, autoLockMinutes: Number(event.currentTarget.value) });
            }}
          >
            {AUTO_LOCK_CHOICES.map((minutes) => (
              <option key={minutes} value={String(minutes)}>
                {minutes ? t('autoLockAfter', formatNumber(minutes)) : t('autoLockNever')}
              </option>
            ))}
          </select>
        </label>
      </p>
      {newKey ? (
        <RecoveryKeyShown
          intro={t('newRecoveryKeyIntro')}
          recoveryKey={newKey.recoveryKey}
          action={t('replaceRecoveryKey')}
          actionClass="replace-recovery-key"
          busy={busy}
          onConfirm={() =>
            run(async () => {
              // Only the recovery key's wrapping changes: the passphrase and every row stay as they are.
              await lock.setRecord(newKey.record);
              setNewKey(null);
              setSaid(t('recoveryKeyReplaced'));
            })
          }
        />
      ) : action ? (
        <form
          class={ACTIONS[action].form}
          onSubmit={(event) => {
            event.preventDefault();
            if (busy || problem || !current) return;
            void run(async () => {
              const key = await confirmed();
              const record = lock.state.record;
              if (!key || !record) return;
              if (action === 'change') {
                // Only the wrapping changes: not one record of the library is rewritten.
                await lock.setRecord(await withNewPassphrase(record, key, choice.passphrase));
                done(t('passphraseChanged'));
              } else if (action === 'recovery') {
                // Shown first, in use once written down: the old key opens the library until then.
                setNewKey(await withNewRecoveryKey(record, key));
                done(null);
              } else {
                await lock.setRecord({ ...record, state: 'opening' });
              }
            });
          }}
        >
          {action === 'recovery' ? <p>{t('newRecoveryKeyExplained')}</p> : null}
          <label>
            {t('currentSecret')}{' '}
            <input type="password" class="current-passphrase" autocomplete="current-password" spellcheck={false} dir="ltr" value={current} onInput={(event) => setCurrent(event.currentTarget.value)} />
          </label>
          {action === 'change' ? <PassphraseChoice state={choice} onChange={setChoice} disabled={busy} legend={t('newPassphraseLegend')} /> : null}
          {action === 'off' ? <p>{t('unprotectExplained')}</p> : null}
          <p>
            <button type="submit" class={ACTIONS[action].confirm} disabled={busy || !!problem || !current}>
              {t(ACTIONS[action].label)}
            </button>
          </p>
        </form>
      ) : null}
      <div role="status">{said ? <p class="ok">{said}</p> : null}</div>
      {error ? <p class="error" role="alert">{error}</p> : null}
    </div>
  );
}

/** A recovery key shown once, and the step it allows once the box saying it is written down is ticked. */
function RecoveryKeyShown({ intro, recoveryKey, action, actionClass, busy, onConfirm }: { intro: string; recoveryKey: string; action: string; actionClass: string; busy: boolean; onConfirm: () => Promise<void> }) {
  const [wroteDown, setWroteDown] = useState(false);
  return (
    <div class="recovery-key-shown">
      <p>{intro}</p>
      <p>
        <code class="recovery-key" dir="ltr">{recoveryKey}</code>
      </p>
      <label>
        <input type="checkbox" class="recovery-key-written" checked={wroteDown} onChange={(event) => setWroteDown(event.currentTarget.checked)} /> {t('recoveryKeyWritten')}
      </label>
      <p>
        <button type="button" class={actionClass} disabled={!wroteDown || busy} onClick={() => void onConfirm()}>
          {action}
        </button>
      </p>
    </div>
  );
}
