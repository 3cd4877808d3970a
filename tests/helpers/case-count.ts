import { mkdirSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where each test file leaves how many cases it tried; scripts/cases.mjs prints them after the run. */
export const CASES_DIR = fileURLToPath(new URL('../../.cases/', import.meta.url));

/** payloads: attack strings tried; showings: a saved hostile copy shown in one place. */
export type CaseKind = 'payloads' | 'showings' | 'mutations' | 'faults' | 'documents';

export interface CaseCount {
  kind: CaseKind;
  /** What was tried, in a few words: "DOMPurify payloads in the reader". */
  what: string;
  count: number;
}

/**
 * Record the cases a test file tried, counted from what actually ran (not from a constant), so
 * that the summary printed at the end of `npm test` says what the run proved. One file per test
 * file: a re-run replaces its own line rather than adding to it.
 */
export function recordCases(testFile: string, counts: CaseCount[]): void {
  mkdirSync(CASES_DIR, { recursive: true });
  const name = basename(testFile.startsWith('file:') ? fileURLToPath(testFile) : testFile).replace(/\.ts$/, '');
  writeFileSync(`${CASES_DIR}${name}.json`, JSON.stringify(counts, null, 2));
}
