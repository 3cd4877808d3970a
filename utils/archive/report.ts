import type { ArchiveReport, FileCheck } from './verify-archive';

const STATUS_WORDS: Record<FileCheck['status'], string> = {
  ok: 'intact',
  changed: 'altered',
  missing: 'missing',
  extra: 'not part of the archive',
  invalid: 'not valid',
};

/** One line per file that fails, for people: "altered: images/ab….jpg (its SHA-256 differs…)". */
export function describeFile(file: FileCheck): string {
  return `${STATUS_WORDS[file.status]}: ${file.path}${file.detail ? ` (${file.detail})` : ''}`;
}

/**
 * What is wrong with an archive, in sentences, most important first: shown when an import is
 * refused and printed by `samizdat verify`. Empty when everything holds.
 */
export function describeReport(report: ArchiveReport): string[] {
  if (report.refusal) return [report.refusal.message];
  const lines: string[] = [];
  if (report.manifestSignature === 'missing') lines.push('The archive’s signature (manifest.sig) is missing, so nobody can tell who made it or whether it was altered.');
  if (report.manifestSignature === 'invalid') lines.push('The archive’s signature does not match its manifest: the manifest was altered after it was signed, or signed with another key.');
  if (!report.exporterExpected) lines.push('The archive was signed with another key than the one expected.');
  for (const snapshot of report.snapshots) {
    if (!snapshot.content) lines.push(`altered: the copy “${snapshot.title}” (${snapshot.id}): its text or details no longer match its hash.`);
    if (snapshot.signature === 'invalid') lines.push(`bad signature: the copy “${snapshot.title}” (${snapshot.id}) is not signed by the key it names.`);
    if (snapshot.signature === 'missing') lines.push(`unsigned: the copy “${snapshot.title}” (${snapshot.id}).`);
  }
  for (const file of report.files) if (file.status !== 'ok') lines.push(describeFile(file));
  if (report.manifest && report.snapshots.length !== report.manifest.snapshots.length && !report.files.some((f) => f.status === 'missing')) {
    lines.push(`The manifest lists ${report.manifest.snapshots.length} copies; the archive holds ${report.snapshots.length}.`);
  }
  return lines;
}
