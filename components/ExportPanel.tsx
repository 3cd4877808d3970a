import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { exportArchive } from '../utils/archive/export-archive';
import { exportEpub } from '../utils/archive/epub';
import { exportWacz } from '../utils/archive/wacz/export-wacz';
import { exportCar } from '../utils/archive/car/export-car';
import { remember, type Publication } from '../utils/archive/car/published';
import { workerPacker } from '../utils/archive/worker-packer';
import { datedName, slugOf } from '../utils/archive/file-names';
import type { PageSelection } from '../utils/archive/selection';
import { formatNumber, plural, t, tParts } from '../utils/i18n';
import { library } from '../utils/store/library';
import { offerDownload } from './download';
import { DownloadReady, type Downloaded } from './DownloadReady';
import { IpfsExport, IpfsHistory } from './IpfsExport';
import { NO_PASSPHRASE, PassphraseChoice, passphraseProblem, type PassphraseState } from './PassphraseChoice';
import { offerEncrypted } from './encryption';

export type ExportScope = 'all' | 'shown' | 'page';

interface Props {
  total: number;
  /** The pages the library shows now (a search or filter), when it shows fewer than all. */
  /** What a search shows; its count is null while it is being made. */
  shown: { count: number | null; keys: () => Promise<string[]> } | null;
  /** One page, when export was asked for from the popup's saved copy. */
  page: { url: string; title: string } | null;
  onClose: () => void;
}

type Format = 'archive' | 'wacz' | 'car' | 'epub';

const EXTENSIONS: Record<Format, string> = { archive: 'zip', wacz: 'wacz', car: 'car', epub: 'epub' };

export function generatorName(): string {
  return `Samizdat ${browser.runtime.getManifest().version}`;
}

/** Export the library, what it shows, or one page: as a signed archive or as an EPUB book. */
export function ExportPanel({ total, shown, page, onClose }: Props) {
  const [scope, setScope] = useState<ExportScope>(page ? 'page' : shown ? 'shown' : 'all');
  const [format, setFormat] = useState<Format>('archive');
  const [progress, setProgress] = useState<{ pages: number; total: number; encrypting?: boolean } | null>(null);
  const [secret, setSecret] = useState<PassphraseState>(NO_PASSPHRASE);
  const [done, setDone] = useState<Downloaded | null>(null);
  const [ipfs, setIpfs] = useState<{ car: Blob; publication: Publication } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // Before the browser paints, in the same task: no key pressed after Enter can land elsewhere.
  useLayoutEffect(() => heading.current?.focus(), []);

  const run = async () => {
    const problem = passphraseProblem(secret);
    if (problem) {
      setError(problem);
      return;
    }
    const passphrase = secret.on ? secret.passphrase : null;
    const controller = new AbortController();
    abort.current = controller;
    setError(null);
    setDone(null);
    setIpfs(null);
    setProgress({ pages: 0, total: 0 });
    let pages = 0;
    let packer: ReturnType<typeof workerPacker> = null;
    try {
      const selection: PageSelection = scope === 'all' ? { all: true } : scope === 'page' && page ? { pages: [page.url] } : { pages: shown ? await shown.keys() : [] };
      // Files are encoded, hashed and deflated on the second core while this page renders the next ones.
      packer = workerPacker(() => new Worker(new URL('../utils/archive/pack-worker.ts', import.meta.url)));
      const options = {
        selection,
        win: window,
        signal: controller.signal,
        onProgress: (p: { pages: number; total: number }) => setProgress({ ...p, pages: (pages = p.pages) }),
        pack: packer?.pack,
        warcPacker: packer?.warc,
      };
      const base = scope === 'page' && page ? `samizdat-${slugOf(page.title)}` : 'samizdat';
      const name = `${datedName(base, Date.now())}.${EXTENSIONS[format]}`;
      const car = format === 'car' ? await exportCar(library(), { ...options, generator: generatorName(), car: packer?.car }) : null;
      const blob = car
        ? car.blob
        : format === 'archive'
          ? await exportArchive(library(), { ...options, generator: generatorName() })
          : format === 'wacz'
            ? await exportWacz(library(), { ...options, generator: generatorName() })
            : await exportEpub(library(), options);
      if (passphrase !== null) {
        setProgress({ pages, total: pages, encrypting: true });
        // Encrypted, a CAR is only for carrying: no IPFS node could read it, so it is not offered for publishing.
        setDone(await offerEncrypted(blob, name, passphrase, controller.signal));
        return;
      }
      if (car) {
        const publication: Publication = { at: Date.now(), root: car.root, file: name, bytes: blob.size, pages };
        // The file first: remembering it is worth less than having it.
        setDone({ name, size: blob.size, url: offerDownload(blob, name) });
        setIpfs({ car: blob, publication });
        await remember(library(), publication);
        return;
      }
      setDone({ name, size: blob.size, url: offerDownload(blob, name) });
    } catch (err) {
      setError(controller.signal.aborted ? t('exportCancelled') : t('exportFailed', (err as Error).message));
    } finally {
      packer?.close();
      setProgress(null);
      abort.current = null;
    }
  };

  const exporting = progress !== null;
  return (
    <section
      class="panel export-panel"
      aria-labelledby="export-heading"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !exporting) onClose();
      }}
    >
      <h2 id="export-heading" tabIndex={-1} ref={heading}>
        {t('export')}
      </h2>
      <fieldset disabled={exporting}>
        <legend>{t('exportScope')}</legend>
        <label>
          <input type="radio" name="export-scope" value="all" checked={scope === 'all'} onChange={() => setScope('all')} /> {plural('exportWholeLibrary', total)}
        </label>
        {shown ? (
          <label>
            <input type="radio" name="export-scope" value="shown" checked={scope === 'shown'} onChange={() => setScope('shown')} /> {shown.count === null ? t('exportShownUncounted') : plural('exportShown', shown.count)}
          </label>
        ) : null}
        {page ? (
          <label>
            <input type="radio" name="export-scope" value="page" checked={scope === 'page'} onChange={() => setScope('page')} /> {tParts('exportPage', <bdi>{page.title}</bdi>)}
          </label>
        ) : null}
      </fieldset>
      <fieldset disabled={exporting}>
        <legend>{t('exportFormat')}</legend>
        <label>
          <input type="radio" name="export-format" value="archive" checked={format === 'archive'} onChange={() => setFormat('archive')} /> {t('exportAsArchive')}
        </label>
        <label>
          <input type="radio" name="export-format" value="wacz" checked={format === 'wacz'} onChange={() => setFormat('wacz')} /> {t('exportAsWacz')}
        </label>
        <label>
          <input type="radio" name="export-format" value="car" checked={format === 'car'} onChange={() => setFormat('car')} /> {t('exportAsCar')}
        </label>
        <label>
          <input type="radio" name="export-format" value="epub" checked={format === 'epub'} onChange={() => setFormat('epub')} /> {t('exportAsEpub')}
        </label>
      </fieldset>
      <PassphraseChoice state={secret} onChange={setSecret} disabled={exporting} />
      {exporting ? (
        <div class="progress">
          <progress max={progress.total || 1} value={progress.pages} aria-label={t('exportProgress')} />
          <span role="status">{progress.encrypting ? t('exportEncrypting') : progress.total ? plural('exportedOf', progress.total, formatNumber(progress.pages)) : t('exportStarting')}</span>{' '}
          <button type="button" class="cancel-button" onClick={() => abort.current?.abort()}>
            {t('cancel')}
          </button>
        </div>
      ) : (
        <p>
          <button type="button" class="export-button" onClick={() => void run()}>
            {t('export')}
          </button>{' '}
          <button type="button" class="link-button" onClick={onClose}>
            {t('close')}
          </button>
        </p>
      )}
      {done ? <DownloadReady file={done} /> : null}
      {ipfs ? <IpfsExport car={ipfs.car} publication={ipfs.publication} /> : null}
      {error ? <p class="error" role="alert">{error}</p> : null}
      <IpfsHistory />
    </section>
  );
}
