/**
 * The worker's side of the one protocol (workers/calls.ts): `work` answers each call's input
 * with its output and what of it to transfer rather than copy; what it throws is sent back as
 * the call's error.
 */
export function answerCalls<I, O>(work: (input: I) => { output: O; transfer?: Transferable[] }): void {
  self.onmessage = (event: MessageEvent<{ id: number; input: I }>) => {
    const { id, input } = event.data;
    try {
      const { output, transfer = [] } = work(input);
      self.postMessage({ id, output }, { transfer });
    } catch (error) {
      self.postMessage({ id, error: (error as Error).message });
    }
  };
}
