import { workerCalls } from '../workers/calls';
import type { Deflated, Deflater } from './deflate';

/**
 * A Deflater running in a worker of the extension's own (`deflate-worker.ts`), so that an export
 * deflates on the second core. `start` makes the worker: the library page names the script where
 * its bundler finds it (components/ExportPanel.tsx), the benchmark by its built address. Null
 * where there are no workers; `close` ends the worker.
 */
export function workerDeflater(start: () => Worker): { deflate: Deflater; close: () => void } | null {
  const calls = workerCalls<Uint8Array, Deflated>(start, 'compression worker');
  if (!calls) return null;
  return {
    deflate: (bytes) => {
      // A copy is handed over: the caller's bytes stay its own (an export signs its manifest
      // after adding it), and copying costs far less than deflating.
      const copy = bytes.slice();
      return calls.call(copy, [copy.buffer]);
    },
    close: calls.close,
  };
}
