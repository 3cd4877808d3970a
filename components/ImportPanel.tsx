import { useEffect, useRef, useState } from 'preact/hooks';
import { importArchive, ImportRefused, type ImportProgress, type ImportSummary } from '../utils/archive/import-archive';
import { describeReport } from '../utils/archive/report';
import { blobSource } from '../utils/archive/zip-reader';
import { library } from '../utils/store/db';
import { failureFromStorageError } from '../utils/save/failures';

/** At most this many problems are listed; the rest are counted. */
const SHOWN_PROBLEMS = 20;

function describeSummary(s: ImportSummary): string {
  const parts = [
    s.newPages ? `${s.newPages === 1 ? '1 new page' : `${s.newPages} new pages`}` : '',
    s.newSnapshots ? `${s.newSnapshots === 1 ? '1 copy' : `${s.newSnapshots} copies`} added` : '',
    s.skipped ? `${s.skipped === 1 ? '1 copy' : `${s.skipped} copies`} already in your library, left as they were` : '',
    s.newImages ? `${s.newImages === 1 ? '1 image' : `${s.newImages} images`}` : '',
  ].filter(Boolean);
  return `Imported: ${parts.join('; ')}. Every file and signature was checked first.`;
}

/** Import a Samizdat archive: all checked before anything is written, all or nothing. */
export function ImportPanel({ onClose }: { onClose: () => void }) {
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [problems, setProblems] = useState<{ file: string; lines: string[] } | null>(null);
  const abort = useRef<AbortController | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const run = async (file: File) => {
    const controller = new AbortController();
    abort.current = controller;
    setSummary(null);
    setProblems(null);
    setProgress({ phase: 'checking', bytes: 0, total: file.size });
    try {
      setSummary(await importArchive(library(), blobSource(file), { signal: controller.signal, onProgress: setProgress }));
    } catch (err) {
      const lines =
        err instanceof ImportRefused
          ? describeReport(err.report)
          : controller.signal.aborted
            ? ['Import cancelled. Your library is as it was.']
            : failureFromStorageError(err) === 'storage-full'
              ? ['There is no space left (the disk or the browser’s storage is full). Your library is as it was; free some space and import again.']
              : [`${(err as Error).message} Your library is as it was.`];
      setProblems({ file: file.name, lines });
    } finally {
      setProgress(null);
      abort.current = null;
    }
  };

  return (
    <section
      class="panel import-panel"
      aria-labelledby="import-heading"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !progress) onClose();
      }}
    >
      <h2 id="import-heading" tabIndex={-1} ref={heading}>
        Import an archive
      </h2>
      <p>
        Choose a Samizdat archive (.zip). Every file, hash and signature is checked before anything is added; if anything fails,
        nothing is imported. Copies you already have are left as they are; new versions join their pages.
      </p>
      <label class="file-choice">
        Archive file{' '}
        <input
          type="file"
          class="import-file"
          accept=".zip,application/zip"
          disabled={progress !== null}
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            event.currentTarget.value = '';
            if (file) void run(file);
          }}
        />
      </label>
      {progress ? (
        <div class="progress">
          <progress max={progress.total || 1} value={progress.bytes} aria-label="Import progress" />
          <span role="status">{progress.phase === 'checking' ? 'Checking every file and signature…' : 'Adding to your library…'}</span>{' '}
          <button type="button" class="cancel-button" onClick={() => abort.current?.abort()}>
            Cancel
          </button>
        </div>
      ) : (
        <p>
          <button type="button" class="link-button" onClick={onClose}>
            Close
          </button>
        </p>
      )}
      {summary ? (
        <p class="import-result" role="status">
          {describeSummary(summary)}
        </p>
      ) : null}
      {problems ? (
        <div class="import-problems error" role="alert">
          <p>
            Nothing was imported from <span dir="auto">{problems.file}</span>:
          </p>
          <ul>
            {problems.lines.slice(0, SHOWN_PROBLEMS).map((line) => (
              <li key={line} dir="auto">{line}</li>
            ))}
          </ul>
          {problems.lines.length > SHOWN_PROBLEMS ? <p>…and {problems.lines.length - SHOWN_PROBLEMS} more.</p> : null}
        </div>
      ) : null}
    </section>
  );
}
