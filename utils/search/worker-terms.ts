import { workerCalls } from '../workers/calls';
import { indexTerms, type TermsSource } from './index-terms';

/** Makes the search terms of a batch of copies, here or in a worker (`workerTerms`). */
export type TermsMaker = (copies: TermsSource[]) => Promise<string[][]>;

/** On this thread: where there are no workers, and in Node. */
export const termsHere: TermsMaker = async (copies) => copies.map(indexTerms);

/**
 * A TermsMaker running in a worker of the extension's own (`terms-worker.ts`), on the second
 * core. `start` makes the worker (components/ImportPanel.tsx; the benchmark by its built
 * address). Null where there are no workers; `close` ends the worker.
 */
export function workerTerms(start: () => Worker): { terms: TermsMaker; close: () => void } | null {
  const calls = workerCalls<TermsSource[], string[][]>(start, 'search worker');
  if (!calls) return null;
  // Only what the terms are made of is posted: not a copy's HTML.
  const sent = (copies: TermsSource[]): TermsSource[] => copies.map(({ title, byline, authors, siteName, publisher, text, lang }) => ({ title, byline, authors, siteName, publisher, text, lang }));
  return { terms: (copies) => calls.call(sent(copies)), close: calls.close };
}
