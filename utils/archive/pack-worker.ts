import { answerCalls } from '../workers/answer';
import { packFile, type PackedFile } from './pack';
import type { PackCall } from './worker-packer';

/**
 * A worker that packs an export's files (encodes, hashes, deflates) while the page renders the
 * next ones: on the page's thread this was a third of an export's time (docs/BENCHMARKS.md).
 */
answerCalls<PackCall, PackedFile>(async ({ content, compress }) => {
  const packed = await packFile(content, compress);
  return { output: packed, transfer: [packed.data.buffer as ArrayBuffer] };
});
