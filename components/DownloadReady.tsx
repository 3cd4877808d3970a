import { formatBytes, t, tParts } from '../utils/i18n';

export interface Downloaded {
  name: string;
  size: number;
  url: string;
  /** Encrypted with a passphrase (age): said, with how to open it. */
  encrypted?: boolean;
}

/** What was handed to the downloads, with a link to get it again (a blocked or dismissed download). */
export function DownloadReady({ file }: { file: Downloaded }) {
  return (
    <p class="download-ready" role="status">
      {tParts('downloadReady', <strong dir="auto">{file.name}</strong>, formatBytes(file.size))}{' '}
      <a class="download-again" href={file.url} download={file.name}>
        {t('downloadAgain')}
      </a>
      {file.encrypted ? <span class="download-encrypted"> {t('downloadEncrypted')}</span> : null}
    </p>
  );
}
