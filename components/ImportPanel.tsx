import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { indexInBackground } from '../utils/store/indexing';
import { importArchive, ImportRefused, type ImportProgress, type ImportSummary } from '../utils/archive/import-archive';
import { describeReport } from '../utils/archive/report';
import { blobSource } from '../utils/archive/zip-reader';
import { workerTerms } from '../utils/search/worker-terms';
import { formatBytes, formatNumber, plural, t, tParts } from '../utils/i18n';
import type { MessageKey } from '../utils/i18n/messages';
import { MAX_RECORD_BYTES } from '../utils/archive/wacz/archived-captures';
import { library } from '../utils/store/library';
import { failureFromStorageError } from '../utils/save/failures';
import { EncryptedFileRefused, isEncrypted, plainName, type OpenFailure } from '../utils/archive/age-file';
import { startEncryption } from './encryption';

const REFUSAL_WORDS: Record<OpenFailure, MessageKey> = {
  'wrong-passphrase': 'importWrongPassphrase',
  'not-passphrase': 'importNotPassphrase',
  damaged: 'importEncryptedDamaged',
};

/** At most this many problems are listed; the rest are counted. */
const SHOWN_PROBLEMS = 20;

function describeSummary(s: ImportSummary): string {
  const parts = [
    s.newPages ? plural('importedPages', s.newPages) : '',
    s.newSnapshots ? plural('importedCopies', s.newSnapshots) : '',
    s.skipped ? plural('importedSkipped', s.skipped) : '',
    s.newImages ? plural('importedImages', s.newImages) : '',
    s.webArchive?.unreadable.length ? plural('importedUnreadable', s.webArchive.unreadable.length) : '',
    s.webArchive?.passedOver.length ? plural('importedPassedOver', s.webArchive.passedOver.length, formatBytes(MAX_RECORD_BYTES)) : '',
  ].filter(Boolean);
  return t(s.webArchive ? 'importedFromWebArchive' : 'imported', parts.join('; '));
}

/** Import a Samizdat archive, a web archive or a WARC file: all checked before anything is written, all or nothing. */
export function ImportPanel({ onClose }: { onClose: () => void }) {
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [problems, setProblems] = useState<{ file: string; lines: string[] } | null>(null);
  /** An encrypted file chosen, waiting for its passphrase; `refused` says why the last one did not open it. */
  const [locked, setLocked] = useState<{ file: File; refused: string | null } | null>(null);
  const [decrypting, setDecrypting] = useState(false);
  const passphrase = useRef<HTMLInputElement>(null);
  const abort = useRef<AbortController | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // Before the browser paints, in the same task: no key pressed after Enter can land elsewhere.
  useLayoutEffect(() => heading.current?.focus(), []);

  /** A file chosen: an encrypted one first asks for its passphrase. */
  const choose = async (file: File) => {
    setSummary(null);
    setProblems(null);
    setLocked(null);
    if (await isEncrypted(file)) setLocked({ file, refused: null });
    else await run(file, file.name);
  };

  /**
   * Decrypted in a worker, whole and authenticated, before the import reads it: a wrong
   * passphrase or a damaged file stops here, with nothing written, and the passphrase can be typed again.
   */
  const open = async (file: File, secret: string) => {
    setDecrypting(true);
    const encryption = startEncryption();
    let plain: Blob;
    try {
      plain = await encryption.decrypt(file, secret);
    } catch (err) {
      setLocked({ file, refused: err instanceof EncryptedFileRefused ? t(REFUSAL_WORDS[err.reason]) : t('importFailed', (err as Error).message) });
      return;
    } finally {
      encryption.close();
      setDecrypting(false);
    }
    setLocked(null);
    await run(plain, plainName(file.name));
  };

  const run = async (file: Blob, fileName: string) => {
    const controller = new AbortController();
    abort.current = controller;
    setSummary(null);
    setProblems(null);
    setProgress({ phase: 'checking', done: 0, total: file.size });
    let terms: ReturnType<typeof workerTerms> = null;
    try {
      // Search terms are made on the second core while this page reads the archive.
      terms = workerTerms(() => new Worker(new URL('../utils/search/terms-worker.ts', import.meta.url)));
      // A web archive's pages are read by the capture in this page's DOM (never shown, never run).
      setSummary(await importArchive(library(), blobSource(file), { signal: controller.signal, onProgress: setProgress, terms: terms?.terms, fileName, win: window }));
      // Its pages are found already (their rows wait queued); indexing them makes searching fast again.
      void indexInBackground(library());
    } catch (err) {
      const lines =
        err instanceof ImportRefused
          ? describeReport(err.report)
          : controller.signal.aborted
            ? [t('importCancelled')]
            : failureFromStorageError(err) === 'storage-full'
              ? [t('importNoSpace')]
              : [t('importFailed', (err as Error).message)];
      setProblems({ file: fileName, lines });
    } finally {
      terms?.close();
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
        {t('importHeading')}
      </h2>
      <p>{t('importIntro')}</p>
      <label class="file-choice">
        {t('archiveFile')}{' '}
        <input
          type="file"
          class="import-file"
          accept=".zip,.car,.wacz,.warc,.gz,.age,application/zip,application/vnd.ipld.car,application/wacz,application/warc"
          disabled={progress !== null || decrypting}
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            event.currentTarget.value = '';
            if (file) void choose(file);
          }}
        />
      </label>
      {locked ? (
        <form
          class="import-locked"
          onSubmit={(event) => {
            event.preventDefault();
            const secret = passphrase.current?.value ?? '';
            if (secret) void open(locked.file, secret);
          }}
        >
          <p>{tParts('importEncrypted', <bdi>{locked.file.name}</bdi>)}</p>
          <label>
            {t('passphraseLabel')}{' '}
            <input type="password" class="import-passphrase" autocomplete="off" spellcheck={false} ref={passphrase} disabled={decrypting} autoFocus />
          </label>{' '}
          <button type="submit" class="open-encrypted" disabled={decrypting}>
            {t('importOpenEncrypted')}
          </button>
          {decrypting ? <span role="status"> {t('importDecrypting')}</span> : null}
          {locked.refused ? (
            <p class="error import-refused" role="alert">
              {locked.refused}
            </p>
          ) : null}
        </form>
      ) : null}
      {progress ? (
        <div class="progress">
          <progress max={progress.total || 1} value={progress.done} aria-label={t('importProgress')} />
          <span role="status">{progress.phase === 'checking' ? t('importChecking') : progress.phase === 'reading' ? t('importReading', formatNumber(progress.done), formatNumber(progress.total)) : t('importAdding')}</span>{' '}
          <button type="button" class="cancel-button" onClick={() => abort.current?.abort()}>
            {t('cancel')}
          </button>
        </div>
      ) : (
        <p>
          <button type="button" class="link-button" onClick={onClose}>
            {t('close')}
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
          <p>{tParts('importNothingFrom', <bdi>{problems.file}</bdi>)}</p>
          <ul>
            {problems.lines.slice(0, SHOWN_PROBLEMS).map((line) => (
              <li key={line} dir="auto">{line}</li>
            ))}
          </ul>
          {problems.lines.length > SHOWN_PROBLEMS ? <p>{t('importMoreProblems', formatNumber(problems.lines.length - SHOWN_PROBLEMS))}</p> : null}
        </div>
      ) : null}
    </section>
  );
}
