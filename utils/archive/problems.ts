import { formatBytes, formatNumber, t } from '../i18n';
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
  | 'no-datapackage'
  | 'no-warc'
  | 'bad-manifest'
  | 'unknown-format'
  | 'future-version'
  | 'bad-block'
  | 'missing-block'
  | 'truncated-block';

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

export function refusalMessage(code: RefusalCode, entry = '', detail = ''): string {
  switch (code) {
    case 'not-an-archive':
      return t('refusalNotAnArchive');
    case 'truncated':
      return t('refusalTruncated');
    case 'corrupt':
      return detail ? t('refusalCorruptDetail', entry, detail) : t('refusalCorrupt', entry);
    case 'unsafe-path':
      return t('refusalUnsafePath', entry);
    case 'duplicate-entry':
      return t('refusalDuplicate', entry);
    case 'entry-too-large':
      return t('refusalEntryTooLarge', entry, formatBytes(ARCHIVE_LIMITS.entryBytes));
    case 'archive-too-large':
      return t('refusalArchiveTooLarge', formatBytes(ARCHIVE_LIMITS.totalBytes));
    case 'zip-bomb':
      return t('refusalZipBomb', entry, formatNumber(ARCHIVE_LIMITS.ratio));
    case 'too-many-entries':
      return t('refusalTooManyEntries', formatNumber(ARCHIVE_LIMITS.entries));
    case 'unsupported-compression':
      return t('refusalCompression', entry);
    case 'no-manifest':
      return t('refusalNoManifest');
    case 'no-datapackage':
      return t('refusalNoDatapackage');
    case 'no-warc':
      return t('refusalNoWarc');
    case 'bad-manifest':
      return detail ? t('refusalBadManifestDetail', detail) : t('refusalBadManifest');
    case 'unknown-format':
      return t('refusalUnknownFormat', detail);
    case 'future-version':
      return t('refusalFutureVersion', detail, ARCHIVE_FORMAT_VERSION);
    case 'bad-block':
      return t('refusalBadBlock', entry, detail);
    case 'missing-block':
      return t('refusalMissingBlock', entry, detail);
    case 'truncated-block':
      return t('refusalTruncatedBlock', entry);
  }
}
