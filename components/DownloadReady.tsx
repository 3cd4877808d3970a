import { formatBytes } from './download';

export interface Downloaded {
  name: string;
  size: number;
  url: string;
}

/** What was handed to the downloads, with a link to get it again (a blocked or dismissed download). */
export function DownloadReady({ file }: { file: Downloaded }) {
  return (
    <p class="download-ready" role="status">
      Saved <strong dir="auto">{file.name}</strong> ({formatBytes(file.size)}) to your downloads.{' '}
      <a class="download-again" href={file.url} download={file.name}>
        Download again
      </a>
    </p>
  );
}
