import { answerCalls } from '../workers/answer';
import { packFile, type PackedBytes } from './pack';
import { fileSums, packRecord, type FileSums, type PackedRecord } from './wacz/record-packer';
import type { PackCall } from './worker-packer';

/**
 * A worker that packs an export's files (encodes, hashes, deflates) while the page renders the
 * next ones: encoding and hashing had taken an eighth of the page's time, and deflating with
 * fflate here had kept this worker as busy as the page (docs/BENCHMARKS.md). For a web archive it
 * makes every record (encoded, digested, deflated) and sums every WARC file: done in the page,
 * those had made the web archive's export a quarter slower than the archive's.
 */
answerCalls<PackCall, PackedBytes | PackedRecord | FileSums>(async (call) => {
  if (call.kind === 'record') {
    const packed = await packRecord(call.fields, call.block, call.blockSha256);
    return { output: packed, transfer: [packed.member.buffer as ArrayBuffer] };
  }
  if (call.kind === 'sums') return { output: await fileSums(call.file) };
  const packed = await packFile(call.content, call.compress);
  return { output: packed, transfer: [packed.data.buffer as ArrayBuffer] };
});
