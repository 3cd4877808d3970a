import { useState } from 'preact/hooks';
import { deletePage, parseTags, setTagsAndNote, type Removed } from '../utils/store/manage';
import { t } from '../utils/i18n';
import { library } from '../utils/store/library';
import type { PageRecord } from '../utils/store/records';
import { loadLater } from './LoadLater';
import { WatchControl } from './WatchControl';

// One page's exports bring the single-file, Markdown and EPUB code: fetched when first opened.
const CopyExports = loadLater(async () => (await import('./CopyExports')).CopyExports);

/** Tags, note and deletion for one page of the library. */
export function PageActions({ page, onDeleted, onExport }: { page: PageRecord; onDeleted: (page: PageRecord, removed: Removed) => void; onExport: () => void }) {
  const [editing, setEditing] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [watching, setWatching] = useState(false);
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
    <div
      class="page-actions"
      onKeyDown={(event) => {
        // Escape folds away what this page's buttons opened: the tags form, then the exports.
        if (event.key !== 'Escape' || (!editing && !exporting)) return;
        event.stopPropagation();
        if (editing) setEditing(false);
        else setExporting(false);
        (event.currentTarget as HTMLElement).querySelector<HTMLElement>(editing ? '.edit-button' : '.page-export-button')?.focus();
      }}
    >
      {page.tags.length ? <span class="tags" dir="auto">{page.tags.map((tag) => <span key={tag} class="tag">{tag}</span>)}</span> : null}
      {page.note ? <p class="note" dir="auto">{page.note}</p> : null}
      <button type="button" class="link-button edit-button" aria-expanded={editing} onClick={() => setEditing(!editing)}>
        {t('tagsAndNote')}
      </button>{' '}
      <button type="button" class="link-button page-export-button" aria-expanded={exporting} onClick={() => setExporting(!exporting)}>
        {t('export')}
      </button>{' '}
      {page.kind !== 'selection' ? (
        <>
          <button type="button" class="link-button page-watch-button" aria-expanded={watching} onClick={() => setWatching(!watching)}>
            {t('watchPage')}
          </button>{' '}
        </>
      ) : null}
      <button type="button" class="link-button delete-button" onClick={() => void remove()}>
        {t('delete')}
      </button>
      {watching ? <WatchControl pageUrl={page.url} sourceUrl={page.url} /> : null}
      {exporting ? (
        <div class="page-exports">
          <CopyExports snapshotId={page.latestSnapshotId} />
          <button type="button" class="link-button export-page-archive" onClick={onExport}>
            {t('archiveOrEbook')}
          </button>
        </div>
      ) : null}
      {editing ? (
        <form class="edit-form" onSubmit={(event) => {
          event.preventDefault();
          void save(event.currentTarget);
        }}>
          <label>
            {t('tagsLabel')} <input name="tags" class="tags-input" dir="auto" defaultValue={page.tags.join(', ')} />
          </label>
          <label>
            {t('noteLabel')} <textarea name="note" class="note-input" dir="auto" rows={2} maxLength={2000} defaultValue={page.note} />
          </label>
          <button type="submit">{t('saveTagsAndNote')}</button>
        </form>
      ) : null}
      {error ? <p class="error" role="alert">{error}</p> : null}
    </div>
  );
}
