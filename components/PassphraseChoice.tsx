import { useState } from 'preact/hooks';
import { MIN_PASSPHRASE_LENGTH, passphraseStrength, suggestPassphrase, type Strength } from '../utils/safety/passphrase';
import { formatNumber, t } from '../utils/i18n';

/** The user's choice: encrypt or not, and the passphrase typed twice. */
export interface PassphraseState {
  on: boolean;
  passphrase: string;
  again: string;
}

export const NO_PASSPHRASE: PassphraseState = { on: false, passphrase: '', again: '' };

const STRENGTH_WORDS: Record<Strength, () => string> = {
  'too-short': () => t('passphraseTooShort', formatNumber(MIN_PASSPHRASE_LENGTH)),
  weak: () => t('passphraseWeak'),
  fair: () => t('passphraseFair'),
  strong: () => t('passphraseStrong'),
};

/** Why the file cannot be encrypted with what was typed, or null when it can (or is not to be). */
export function passphraseProblem(state: PassphraseState): string | null {
  if (!state.on) return null;
  if (passphraseStrength(state.passphrase).strength === 'too-short') return STRENGTH_WORDS['too-short']();
  if (state.passphrase !== state.again) return t('passphrasesDiffer');
  return null;
}

/**
 * "Encrypt with a passphrase", for an export: the passphrase twice, how hard it is to guess, a
 * strong one on request, and the plain warning that a forgotten passphrase cannot be recovered.
 * With `legend` (protecting the library), no choice to make: the passphrase is asked for.
 */
export function PassphraseChoice({ state, onChange, disabled, legend }: { state: PassphraseState; onChange: (state: PassphraseState) => void; disabled?: boolean; legend?: string }) {
  const [suggested, setSuggested] = useState<string | null>(null);
  const { bits, strength } = passphraseStrength(state.passphrase);
  const set = (change: Partial<PassphraseState>) => onChange({ ...state, ...change });
  // A suggestion is shown in the clear so it can be written down; typing over it hides it again.
  const shown = suggested !== null && state.passphrase === suggested;
  return (
    <fieldset class="passphrase-choice" disabled={disabled}>
      <legend>{legend ?? t('encryptLegend')}</legend>
      {legend ? null : (
        <label>
          <input type="checkbox" class="encrypt-choice" checked={state.on} onChange={(event) => set({ on: event.currentTarget.checked })} /> {t('encryptChoice')}
        </label>
      )}
      {state.on ? (
        <div class="passphrase-fields">
          <p class="passphrase-warning">{t('passphraseWarning')}</p>
          <label>
            {t('passphraseLabel')}{' '}
            <input
              type={shown ? 'text' : 'password'}
              class="passphrase"
              autocomplete="new-password"
              spellcheck={false}
              value={state.passphrase}
              onInput={(event) => set({ passphrase: event.currentTarget.value })}
            />
          </label>{' '}
          <label>
            {t('passphraseAgain')}{' '}
            <input type={shown ? 'text' : 'password'} class="passphrase-again" autocomplete="new-password" spellcheck={false} value={state.again} onInput={(event) => set({ again: event.currentTarget.value })} />
          </label>{' '}
          <button
            type="button"
            class="link-button suggest-passphrase"
            onClick={() => {
              const fresh = suggestPassphrase();
              setSuggested(fresh);
              set({ passphrase: fresh, again: fresh });
            }}
          >
            {t('suggestPassphrase')}
          </button>
          {state.passphrase ? (
            <p class="passphrase-strength">
              <meter min={0} max={100} low={50} high={75} optimum={100} value={Math.min(bits, 100)} aria-label={t('passphraseStrengthLabel')} /> <span>{STRENGTH_WORDS[strength]()}</span>
            </p>
          ) : null}
          {shown ? <p class="passphrase-suggested">{t('passphraseWriteDown')}</p> : null}
        </div>
      ) : null}
    </fieldset>
  );
}
