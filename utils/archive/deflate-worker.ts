import { answerCalls } from '../workers/answer';
import { deflateFile, type Deflated } from './deflate';

/**
 * A worker that deflates an export's files while the page renders the next ones: deflating took
 * as long as rendering did, on the same thread (docs/BENCHMARKS.md).
 */
answerCalls<Uint8Array, Deflated>((bytes) => {
  const deflated = deflateFile(bytes);
  return { output: deflated, transfer: [deflated.data.buffer as ArrayBuffer] };
});
