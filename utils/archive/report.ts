import { formatNumber, t, type MessageKey } from '../i18n';
import type { ArchiveReport, FileCheck } from './verify-archive';
import type { WaczReport } from './wacz/verify-wacz';

const STATUS_WORDS: Record<FileCheck['status'], MessageKey> = {
  ok: 'checkIntact',
  changed: 'checkAltered',
  missing: 'checkMissing',
  extra: 'checkExtra',
  invalid: 'checkInvalid',
};

/** One line per file that fails, for people: "altered: images/ab….jpg (its SHA-256 differs…)". */
export function describeFile(file: FileCheck): string {
  const status = t(STATUS_WORDS[file.status]);
  return file.detail ? t('checkedFileDetail', status, file.path, file.detail) : t('checkedFile', status, file.path);
}

/**
 * What is wrong with an archive, in sentences, most important first: shown when an import is
 * refused and printed by `samizdat verify`. Empty when everything holds.
 */
export function describeReport(report: ArchiveReport | WaczReport): string[] {
  if (report.refusal) return [report.refusal.message];
  const lines: string[] = [];
  const web = 'packageSignature' in report;
  if (report.manifestSignature === 'missing') lines.push(t(web ? 'waczSignatureMissing' : 'signatureMissing'));
  if (report.manifestSignature === 'invalid') lines.push(t(web ? 'waczSignatureInvalid' : 'signatureInvalid'));
  if (web && report.packageSignature === 'invalid') lines.push(t('waczPackageSignatureInvalid'));
  if (!report.exporterExpected) lines.push(t('signedByOtherKey'));
  for (const snapshot of report.snapshots) {
    if (!snapshot.content) lines.push(t('copyAltered', snapshot.title, snapshot.id));
    if (snapshot.signature === 'invalid') lines.push(t('copyBadSignature', snapshot.title, snapshot.id));
    if (snapshot.signature === 'missing' && !snapshot.importedFrom) lines.push(t('copyUnsigned', snapshot.title, snapshot.id));
  }
  for (const file of report.files) if (file.status !== 'ok') lines.push(describeFile(file));
  if (report.manifest && report.snapshots.length !== report.manifest.snapshots.length && !report.files.some((f) => f.status === 'missing')) {
    lines.push(t('manifestCountDiffers', formatNumber(report.manifest.snapshots.length), formatNumber(report.snapshots.length)));
  }
  return lines;
}
