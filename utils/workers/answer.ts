/**
 * The worker's side of the one protocol (workers/calls.ts): `work` answers each call's input
 * with its output and what of it to transfer rather than copy, at once or when its promise
 * settles; what it throws or rejects with is sent back as the call's error.
 */
export function answerCalls<I, O>(work: (input: I) => Answer<O> | Promise<Answer<O>>): void {
  self.onmessage = (event: MessageEvent<{ id: number; input: I }>) => {
    const { id, input } = event.data;
    const answer = ({ output, transfer = [] }: Answer<O>) => self.postMessage({ id, output }, { transfer });
    const fail = (error: unknown) => self.postMessage({ id, error: (error as Error)?.message ?? String(error) });
    // Whatever fails, the work or the answer's posting (an output that cannot be sent), the call
    // is answered: a caller waiting for it would otherwise wait for ever.
    Promise.resolve()
      .then(() => work(input))
      .then(answer)
      .catch(fail);
  };
}

interface Answer<O> {
  output: O;
  transfer?: Transferable[];
}
