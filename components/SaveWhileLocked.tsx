import { useState } from 'preact/hooks';
import { t } from '../utils/i18n';
import { sendMessage } from '../utils/messages';
import { describeSave } from '../utils/save/feedback';
import type { LockedSaveResult } from '../utils/save/tab-state';

/**
 * The popup of a locked library (issue 25): the page can still be saved, sealed until the next
 * unlock (utils/store/locked-saves.ts), and nothing of the library is shown.
 */
export function SaveWhileLocked({ tabId }: { tabId: number | undefined }) {
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<LockedSaveResult | null>(null);
  const save = async () => {
    if (tabId === undefined) return;
    setSaving(true);
    try {
      const answer = await sendMessage('saveTab', { tabId });
      // Unlocked meanwhile (another page): saved as any save is, and said so.
      setResult(answer.ok === true ? { ok: 'locked', message: describeSave(answer) } : answer);
    } catch (error) {
      setResult({ ok: false, failure: 'capture-failed', message: t('nothingSavedBecause', String(error)) });
    } finally {
      setSaving(false);
    }
  };
  return (
    <section class="save-while-locked">
      <p>{t('saveWhileLockedIntro')}</p>
      <button type="button" class="save-button save-locked" disabled={saving || tabId === undefined} onClick={() => void save()}>
        {saving ? t('saving') : t('saveWhileLocked')}
      </button>
      <div role={result && result.ok === false ? 'alert' : 'status'} class={`save-result ${result ? (result.ok === false ? 'error' : 'ok') : ''}`}>
        {result?.message ?? ''}
      </div>
    </section>
  );
}
