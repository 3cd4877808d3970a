import type { SnapshotRecord } from '../store/records';
import { diffWords, type DiffPart } from './word-diff';

/** The details an edit may quietly change, by the names a reader knows them by (in English here; the UI translates them). */
export type DetailName = 'Headline' | 'Byline' | 'Authors' | 'Publisher' | 'Section' | 'Published' | 'Modified' | 'Lead image' | 'Summary';

export interface FieldChange {
  field: DetailName;
  before: string;
  after: string;
}

/** The details of a copy that an edit may quietly change, with the names a reader knows them by. */
const FIELDS: Array<[DetailName, (s: SnapshotRecord) => string]> = [
  ['Headline', (s) => s.title],
  ['Byline', (s) => s.byline ?? ''],
  ['Authors', (s) => s.authors.join(', ')],
  ['Publisher', (s) => s.publisher ?? ''],
  ['Section', (s) => s.section ?? ''],
  ['Published', (s) => s.publishedTime ?? ''],
  ['Modified', (s) => s.modifiedTime ?? ''],
  ['Lead image', (s) => s.leadImage ?? ''],
  ['Summary', (s) => s.excerpt ?? ''],
];

export interface VersionComparison {
  fields: FieldChange[];
  text: DiffPart[];
  /** Words removed and added, for a one-line summary. */
  removedWords: number;
  addedWords: number;
}

const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** What changed from one version of a page to another: its details, and its text word by word. */
export function compareVersions(before: SnapshotRecord, beforeText: string, after: SnapshotRecord, afterText: string): VersionComparison {
  const fields = FIELDS.map(([field, read]) => ({ field, before: read(before), after: read(after) })).filter((change) => change.before !== change.after);
  const text = diffWords(beforeText, afterText);
  return {
    fields,
    text,
    removedWords: text.filter((p) => p.kind === 'removed').reduce((n, p) => n + wordCount(p.text), 0),
    addedWords: text.filter((p) => p.kind === 'added').reduce((n, p) => n + wordCount(p.text), 0),
  };
}
