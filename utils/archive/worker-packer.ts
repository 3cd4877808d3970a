import { workerCalls } from '../workers/calls';
import type { PackedBytes, Packer } from './pack';

/** To the worker: a file's content, and whether to deflate it. */
export interface PackCall {
  content: Uint8Array | string;
  compress: boolean;
}

/**
 * A Packer running in a worker of the extension's own (`pack-worker.ts`), so that an export
 * encodes, hashes and deflates on the second core. `start` makes the worker: the library page
 * names the script where its bundler finds it (components/ExportPanel.tsx), the benchmark by its
 * built address. Null where there are no workers; `close` ends the worker.
 */
export function workerPacker(start: () => Worker): { pack: Packer; close: () => void } | null {
  const calls = workerCalls<PackCall, PackedBytes>(start, 'compression worker');
  if (!calls) return null;
  return {
    pack: (content, compress) => {
      // Text is copied by posting it. Bytes are copied and the copy handed over: the caller's
      // stay its own (an export signs its manifest after adding it), and copying costs far less
      // than packing.
      if (typeof content === 'string') return calls.call({ content, compress });
      const copy = content.slice();
      return calls.call({ content: copy, compress }, [copy.buffer]);
    },
    close: calls.close,
  };
}
