import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { t } from '../utils/i18n';
import { library } from '../utils/store/library';
import { undoDelete, type Removed } from '../utils/store/manage';

export interface Deletion {
  label: string;
  removed: Removed;
}

/**
 * "Deleted …  Undo": stays until undone or replaced, so a slip of the hand never loses anything.
 * The deleted item's button is gone, so the keyboard lands on Undo; Escape puts the bar away.
 */
export function UndoBar({ deletion, onDone }: { deletion: Deletion | null; onDone: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  // In the same task as the bar appears, so the next key press already reaches Undo.
  useLayoutEffect(() => {
    if (deletion) button.current?.focus();
  }, [deletion]);
  if (!deletion) return null;
  const undo = async () => {
    try {
      await undoDelete(library(), deletion.removed);
      setError(null);
      onDone();
    } catch (err) {
      setError(t('undoFailed', (err as Error).message));
    }
  };
  return (
    <div
      class="undo-bar"
      role="status"
      onKeyDown={(event) => {
        if (event.key === 'Escape') onDone();
      }}
    >
      {deletion.label}{' '}
      <button type="button" class="undo-button" ref={button} onClick={() => void undo()}>
        {t('undo')}
      </button>
      {error ? <span class="error" role="alert"> {error}</span> : null}
    </div>
  );
}
