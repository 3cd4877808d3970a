import { useState } from 'preact/hooks';
import { library } from '../utils/store/db';
import { undoDelete, type Removed } from '../utils/store/manage';

export interface Deletion {
  label: string;
  removed: Removed;
}

/** "Deleted …  Undo": stays until undone or replaced, so a slip of the hand never loses anything. */
export function UndoBar({ deletion, onDone }: { deletion: Deletion | null; onDone: () => void }) {
  const [error, setError] = useState<string | null>(null);
  if (!deletion) return null;
  const undo = async () => {
    try {
      await undoDelete(library(), deletion.removed);
      setError(null);
      onDone();
    } catch (err) {
      setError(`It could not be put back: ${(err as Error).message}`);
    }
  };
  return (
    <div class="undo-bar" role="status">
      {deletion.label}{' '}
      <button type="button" class="undo-button" onClick={() => void undo()}>
        Undo
      </button>
      {error ? <span class="error"> {error}</span> : null}
    </div>
  );
}
