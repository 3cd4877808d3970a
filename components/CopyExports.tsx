import { useState } from 'preact/hooks';
import { markdownExport } from '../utils/archive/markdown';
import { singleFileHtml } from '../utils/archive/single-file';
import { slugOf } from '../utils/archive/file-names';
import { t } from '../utils/i18n';
import { library } from '../utils/store/library';
import { savedCopy } from '../utils/store/queries';
import { offerDownload } from './download';
import { DownloadReady, type Downloaded } from './DownloadReady';
import { NO_PASSPHRASE, PassphraseChoice, passphraseProblem, type PassphraseState } from './PassphraseChoice';
import { offerEncrypted } from './encryption';

/** One saved copy as a single HTML file (images inside) or as Markdown (with its images), encrypted if asked. */
export function CopyExports({ snapshotId }: { snapshotId: string }) {
  const [done, setDone] = useState<Downloaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [secret, setSecret] = useState<PassphraseState>(NO_PASSPHRASE);
  const [busy, setBusy] = useState(false);
  const run = async (as: 'html' | 'markdown') => {
    const problem = passphraseProblem(secret);
    setError(problem);
    setDone(null);
    if (problem) return;
    setBusy(true);
    try {
      const copy = await savedCopy(library(), snapshotId);
      if (!copy) throw new Error(t('copyGone'));
      const file =
        as === 'html'
          ? { blob: new Blob([await singleFileHtml(copy, window)], { type: 'text/html;charset=utf-8' }), name: `${slugOf(copy.snapshot.title)}.html` }
          : await markdownExport(copy, window);
      if (secret.on) setDone(await offerEncrypted(file.blob, file.name, secret.passphrase));
      else setDone({ name: file.name, size: file.blob.size, url: offerDownload(file.blob, file.name) });
    } catch (err) {
      setError(t('exportCopyFailed', (err as Error).message));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="copy-exports">
      <button type="button" class="link-button export-html" disabled={busy} onClick={() => void run('html')}>
        {t('saveAsHtml')}
      </button>{' '}
      <button type="button" class="link-button export-markdown" disabled={busy} onClick={() => void run('markdown')}>
        {t('saveAsMarkdown')}
      </button>
      {busy && secret.on ? <span role="status"> {t('exportEncrypting')}</span> : null}
      <PassphraseChoice state={secret} onChange={setSecret} disabled={busy} />
      {done ? <DownloadReady file={done} /> : null}
      {error ? <p class="error" role="alert">{error}</p> : null}
    </div>
  );
}
