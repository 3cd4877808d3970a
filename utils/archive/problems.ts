import { ARCHIVE_FORMAT_VERSION, ARCHIVE_LIMITS } from './format';

/**
 * Why an archive is refused before anything in it is trusted. Each code has one sentence here,
 * said to the person importing (library) and to the stranger verifying (samizdat verify).
 */
export type RefusalCode =
  | 'not-an-archive'
  | 'truncated'
  | 'corrupt'
  | 'unsafe-path'
  | 'duplicate-entry'
  | 'entry-too-large'
  | 'archive-too-large'
  | 'zip-bomb'
  | 'too-many-entries'
  | 'unsupported-compression'
  | 'no-manifest'
  | 'bad-manifest'
  | 'unknown-format'
  | 'future-version';

export class ArchiveRefusal extends Error {
  constructor(
    readonly code: RefusalCode,
    readonly entry?: string,
    readonly detail?: string,
  ) {
    super(refusalMessage(code, entry, detail));
    this.name = 'ArchiveRefusal';
  }
}

const MB = 1024 * 1024;

export function refusalMessage(code: RefusalCode, entry = '', detail = ''): string {
  switch (code) {
    case 'not-an-archive':
      return 'This file is not a ZIP archive, so it cannot be a Samizdat archive.';
    case 'truncated':
      return 'The archive is cut short: its end is missing. Was the download or the copy interrupted?';
    case 'corrupt':
      return `The archive is damaged: “${entry}” cannot be unpacked${detail ? ` (${detail})` : ''}.`;
    case 'unsafe-path':
      return `The archive holds a file named “${entry}”, a name that points outside the archive. The archive was refused unopened.`;
    case 'duplicate-entry':
      return `The archive holds two files named “${entry}”; a Samizdat archive never does.`;
    case 'entry-too-large':
      return `“${entry}” unpacks to more than ${ARCHIVE_LIMITS.entryBytes / MB} MB, larger than any file a Samizdat archive holds.`;
    case 'archive-too-large':
      return `The archive unpacks to more than ${ARCHIVE_LIMITS.totalBytes / 1024 / MB} GB, more than Samizdat will read.`;
    case 'zip-bomb':
      return `“${entry}” unpacks to over ${ARCHIVE_LIMITS.ratio} times its packed size: a “zip bomb” built to fill the disk. The archive was refused.`;
    case 'too-many-entries':
      return `The archive holds more than ${ARCHIVE_LIMITS.entries.toLocaleString('en')} files, more than Samizdat will read.`;
    case 'unsupported-compression':
      return `“${entry}” is packed in a way Samizdat archives never are; the archive was refused.`;
    case 'no-manifest':
      return 'The archive has no manifest.json: it is not a Samizdat archive, or the manifest was removed.';
    case 'bad-manifest':
      return `manifest.json cannot be read${detail ? `: ${detail}` : ''}.`;
    case 'unknown-format':
      return `This is not a Samizdat archive: its manifest names the format “${detail}”.`;
    case 'future-version':
      return `This archive is in Samizdat archive format version ${detail}; this Samizdat reads version ${ARCHIVE_FORMAT_VERSION}. Update Samizdat to open it.`;
  }
}
