/**
 * The one protocol between an extension page and its workers: each call is posted as
 * { id, input } and answered { id, output } or { id, error }, in any order. The worker's side is
 * `answerCalls` (workers/answer.ts).
 */
export interface WorkerCalls<I, O> {
  call: (input: I, transfer?: Transferable[]) => Promise<O>;
  /** Ends the worker; calls still waiting fail. */
  close: () => void;
}

/**
 * Calls into a worker the extension ships (bundled apart and loaded from the extension, as the
 * CSP's script-src 'self' allows). `start` makes the worker: a page names the script where its
 * bundler finds it, the benchmark by its built address. Null where there are no workers (Node).
 * `what` names the worker in the error a failed worker gives every call.
 */
export function workerCalls<I, O>(start: () => Worker, what: string): WorkerCalls<I, O> | null {
  if (typeof Worker === 'undefined') return null;
  const worker = start();
  const waiting = new Map<number, { resolve: (out: O) => void; reject: (error: Error) => void }>();
  let next = 0;
  // Once the worker has failed (it could not load, or stopped), every call made of it fails too.
  let broken: Error | null = null;
  const failAll = (error: Error) => {
    broken ??= error;
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  worker.onmessage = (event: MessageEvent<{ id: number; output?: O; error?: string }>) => {
    const { id, output, error } = event.data;
    const job = waiting.get(id);
    waiting.delete(id);
    if (error !== undefined) job?.reject(new Error(error));
    else job?.resolve(output as O);
  };
  worker.onerror = (event) => failAll(new Error(event.message || `the ${what} stopped`));
  return {
    call: (input, transfer = []) =>
      new Promise<O>((resolve, reject) => {
        if (broken) return reject(broken);
        const id = next++;
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, input }, transfer);
      }),
    close: () => {
      failAll(new Error(`the ${what} was closed`));
      worker.terminate();
    },
  };
}
