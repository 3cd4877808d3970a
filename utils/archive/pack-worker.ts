import { answerCalls } from '../workers/answer';
import { packFile, type PackedBytes } from './pack';
import type { PackCall } from './worker-packer';

/**
 * A worker that packs an export's files (encodes, hashes, deflates) while the page renders the
 * next ones: encoding and hashing had taken an eighth of the page's time, and deflating with
 * fflate here had kept this worker as busy as the page (docs/BENCHMARKS.md).
 */
answerCalls<PackCall, PackedBytes>(async ({ content, compress }) => {
  const packed = await packFile(content, compress);
  return { output: packed, transfer: [packed.data.buffer as ArrayBuffer] };
});
