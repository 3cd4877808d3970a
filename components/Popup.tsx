import { useEffect, useState } from 'preact/hooks';
import { sendMessage } from '../utils/messages';
import { describeSave } from '../utils/save/feedback';
import type { SaveResult, TabState } from '../utils/save/tab-state';
import { library } from '../utils/store/db';
import { recentPages } from '../utils/store/queries';
import { openLibrary, openSavedCopy } from '../utils/pages';
import { SavedPageList } from './SavedPageList';
import { SaveStatus } from './SaveStatus';
import { useLiveQuery } from './useLiveQuery';

const RECENT_COUNT = 10;

export function Popup({ tabId }: { tabId: number | undefined }) {
  const [state, setState] = useState<TabState | null>(null);
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<SaveResult | null>(null);
  const [recent, recentError] = useLiveQuery(() => recentPages(library(), RECENT_COUNT), [], []);

  const inspect = async () => {
    if (tabId === undefined) {
      setState({ kind: 'unavailable', failure: 'no-tab', message: 'There is no tab to save.' });
      return;
    }
    try {
      setState(await sendMessage('inspectTab', { tabId }));
    } catch (error) {
      setState({ kind: 'unavailable', failure: 'capture-failed', message: `This page could not be read: ${String(error)}` });
    }
  };

  useEffect(() => {
    void inspect();
  }, [tabId]);

  const save = async () => {
    if (tabId === undefined) return;
    setSaving(true);
    setResult(null);
    try {
      setResult(await sendMessage('saveTab', { tabId }));
    } catch (error) {
      setResult({ ok: false, failure: 'capture-failed', message: `Nothing was saved: ${String(error)}` });
    } finally {
      setSaving(false);
    }
    void inspect();
  };

  const unavailable = state?.kind === 'unavailable';
  return (
    <main class="popup">
      <header class="popup-header">
        <h1>Samizdat</h1>
        <button type="button" class="link-button" onClick={() => void openLibrary()}>
          Open library
        </button>
      </header>
      {state && state.kind !== 'unavailable' ? <p class="page-title">{state.title}</p> : null}
      <SaveStatus state={state} />
      {/* Enabled while the page is still being read: saving does its own reading. */}
      <button type="button" class="save-button" autoFocus disabled={saving || unavailable} onClick={() => void save()}>
        {saving ? 'Saving…' : 'Save article'}
      </button>
      <div role="status" aria-live="polite" class={`save-result ${result ? (result.ok ? 'ok' : 'error') : ''}`}>
        {saving ? 'Saving the article…' : result ? describeSave(result) : ''}
        {result?.ok ? (
          <>
            {' '}
            <button type="button" class="link-button" onClick={() => void openSavedCopy(result.outcome.snapshotId)}>
              Open saved copy
            </button>
          </>
        ) : null}
      </div>
      <h2>Recent saves</h2>
      {recentError ? <p class="error">The library could not be read: {recentError.message}</p> : null}
      <SavedPageList pages={recent} onOpen={(page) => void openSavedCopy(page.latestSnapshotId)} empty="Nothing saved yet." />
    </main>
  );
}
