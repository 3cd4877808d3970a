import type { Deflated, Deflater } from './deflate';

/**
 * A Deflater running in a worker of the extension's own (`deflate-worker.ts`, bundled apart and
 * loaded from the extension, as the CSP's script-src 'self' allows), so that an export deflates
 * on the second core. `start` makes the worker: the library page names the script where its
 * bundler finds it (components/ExportPanel.tsx), the benchmark by its built address. Null where
 * there are no workers; `close` ends the worker.
 */
export function workerDeflater(start: () => Worker): { deflate: Deflater; close: () => void } | null {
  if (typeof Worker === 'undefined') return null;
  const worker = start();
  const waiting = new Map<number, { resolve: (out: Deflated) => void; reject: (error: Error) => void }>();
  let next = 0;
  // Once the worker has failed (it could not load, or stopped), every file asked of it fails too.
  let broken: Error | null = null;
  const failAll = (error: Error) => {
    broken ??= error;
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  worker.onmessage = (event: MessageEvent<{ id: number; error?: string } & Deflated>) => {
    const { id, error, ...out } = event.data;
    const job = waiting.get(id);
    waiting.delete(id);
    if (error) job?.reject(new Error(error));
    else job?.resolve(out);
  };
  worker.onerror = (event) => failAll(new Error(event.message || 'the compression worker stopped'));
  return {
    deflate: (bytes) =>
      new Promise<Deflated>((resolve, reject) => {
        if (broken) return reject(broken);
        const id = next++;
        waiting.set(id, { resolve, reject });
        // A copy is handed over: the caller's bytes stay its own (an export signs its manifest
        // after adding it), and copying costs far less than deflating.
        const copy = bytes.slice();
        worker.postMessage({ id, bytes: copy }, [copy.buffer]);
      }),
    close: () => {
      failAll(new Error('the compression worker was closed'));
      worker.terminate();
    },
  };
}
