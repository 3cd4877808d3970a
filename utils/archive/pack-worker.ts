import { answerCalls } from '../workers/answer';
import { packFile, type PackedBytes } from './pack';
import { fileSums, packRecord, type FileSums, type PackedRecord } from './wacz/record-packer';
import { CarBuilder, type BuiltCar } from './car/car-builder';
import type { PackCall } from './worker-packer';

/** The CAR being made, for an archive for IPFS: one export a worker. */
let car: CarBuilder | null = null;

/**
 * A worker that packs an export's files (encodes, hashes, deflates) while the page renders the
 * next ones: encoding and hashing had taken an eighth of the page's time, and deflating with
 * fflate here had kept this worker as busy as the page (docs/BENCHMARKS.md). For a web archive it
 * makes every record (encoded, digested, deflated) and sums every WARC file: done in the page,
 * those had made the web archive's export a quarter slower than the archive's. For IPFS, it makes
 * the whole CAR (utils/archive/car/car-builder.ts): the page hands it files and gets their hashes.
 */
answerCalls<PackCall, PackedBytes | PackedRecord | FileSums | BuiltCar | string>(async (call) => {
  if (call.kind === 'car-file') return { output: await (car ??= new CarBuilder()).add(call.path, call.content) };
  if (call.kind === 'car-finish') {
    const built = await (car ??= new CarBuilder()).finish();
    car = null;
    return { output: built };
  }
  if (call.kind === 'record') {
    const packed = await packRecord(call.fields, call.block, call.blockSha256);
    return { output: packed, transfer: [packed.member.buffer as ArrayBuffer] };
  }
  if (call.kind === 'sums') return { output: await fileSums(call.file) };
  const packed = await packFile(call.content, call.compress);
  return { output: packed, transfer: [packed.data.buffer as ArrayBuffer] };
});
