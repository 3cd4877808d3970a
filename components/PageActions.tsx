import { useState } from 'preact/hooks';
import { deletePage, parseTags, setTagsAndNote, type Removed } from '../utils/store/manage';
import { library } from '../utils/store/db';
import type { PageRecord } from '../utils/store/records';
import { CopyExports } from './CopyExports';

/** Tags, note and deletion for one page of the library. */
export function PageActions({ page, onDeleted, onExport }: { page: PageRecord; onDeleted: (page: PageRecord, removed: Removed) => void; onExport: () => void }) {
  const [editing, setEditing] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async (form: HTMLFormElement) => {
    const data = new FormData(form);
    try {
      await setTagsAndNote(library(), page.url, parseTags(String(data.get('tags') ?? '')), String(data.get('note') ?? ''));
      setEditing(false);
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const remove = async () => {
    try {
      onDeleted(page, await deletePage(library(), page.url));
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <div class="page-actions">
      {page.tags.length ? <span class="tags">{page.tags.map((tag) => <span key={tag} class="tag">{tag}</span>)}</span> : null}
      {page.note ? <p class="note">{page.note}</p> : null}
      <button type="button" class="link-button edit-button" aria-expanded={editing} onClick={() => setEditing(!editing)}>
        Tags and note
      </button>{' '}
      <button type="button" class="link-button page-export-button" aria-expanded={exporting} onClick={() => setExporting(!exporting)}>
        Export
      </button>{' '}
      <button type="button" class="link-button delete-button" onClick={() => void remove()}>
        Delete
      </button>
      {exporting ? (
        <div class="page-exports">
          <CopyExports snapshotId={page.latestSnapshotId} />
          <button type="button" class="link-button export-page-archive" onClick={onExport}>
            Archive or e-book, with every version…
          </button>
        </div>
      ) : null}
      {editing ? (
        <form class="edit-form" onSubmit={(event) => {
          event.preventDefault();
          void save(event.currentTarget);
        }}>
          <label>
            Tags, separated by commas <input name="tags" class="tags-input" defaultValue={page.tags.join(', ')} />
          </label>
          <label>
            Note <textarea name="note" class="note-input" rows={2} maxLength={2000} defaultValue={page.note} />
          </label>
          <button type="submit">Save tags and note</button>
        </form>
      ) : null}
      {error ? <p class="error" role="alert">{error}</p> : null}
    </div>
  );
}
