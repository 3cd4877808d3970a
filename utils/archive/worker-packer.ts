import { workerCalls } from '../workers/calls';
import type { PackedBytes, Packer } from './pack';
import type { FileSums, PackedRecord, RecordBlock, WarcPacker } from './wacz/record-packer';
import type { WarcRecordFields } from './wacz/warc-record';
import type { BuiltCar } from './car/car-builder';
import type { CarPacker } from './car/export-car';

/** To the worker: a file's content and whether to deflate it, a web archive's record, or a finished WARC file to sum. */
export type PackCall =
  | { kind: 'file'; content: Uint8Array | string; compress: boolean }
  | { kind: 'record'; fields: WarcRecordFields; block: RecordBlock; blockSha256?: string }
  | { kind: 'sums'; file: Blob }
  | { kind: 'car-file'; path: string; content: Uint8Array | string }
  | { kind: 'car-finish' };

/**
 * A Packer running in a worker of the extension's own (`pack-worker.ts`), so that an export
 * encodes, hashes and deflates on the second core; for a web archive, it makes each record and
 * sums each WARC file there too, and for IPFS makes the whole CAR there. `start` makes the worker: the library page names the script
 * where its bundler finds it (components/ExportPanel.tsx), the benchmark by its built address.
 * Null where there are no workers; `close` ends the worker.
 */
export function workerPacker(start: () => Worker): { pack: Packer; warc: WarcPacker; car: CarPacker; close: () => void } | null {
  const calls = workerCalls<PackCall, PackedBytes | PackedRecord | FileSums | BuiltCar | string>(start, 'compression worker');
  if (!calls) return null;
  // Text and Blobs are posted as they are (a Blob is a handle, not its bytes). Bytes are copied
  // and the copy handed over: the caller's stay its own (an export signs its manifest after
  // adding it), and copying costs far less than packing.
  const handOver = (bytes: Uint8Array) => {
    const copy = bytes.slice();
    return { copy, transfer: [copy.buffer] };
  };
  return {
    pack: (content, compress) => {
      if (typeof content === 'string') return calls.call({ kind: 'file', content, compress }) as Promise<PackedBytes>;
      const { copy, transfer } = handOver(content);
      return calls.call({ kind: 'file', content: copy, compress }, transfer) as Promise<PackedBytes>;
    },
    warc: {
      record: (fields, block, blockSha256) => {
        if (!(block instanceof Uint8Array)) return calls.call({ kind: 'record', fields, block, blockSha256 }) as Promise<PackedRecord>;
        const { copy, transfer } = handOver(block);
        return calls.call({ kind: 'record', fields, block: copy, blockSha256 }, transfer) as Promise<PackedRecord>;
      },
      sums: (file) => calls.call({ kind: 'sums', file }) as Promise<FileSums>,
    },
    car: {
      add: (path, content) => {
        if (typeof content === 'string') return calls.call({ kind: 'car-file', path, content }) as Promise<string>;
        const { copy, transfer } = handOver(content);
        return calls.call({ kind: 'car-file', path, content: copy }, transfer) as Promise<string>;
      },
      finish: () => calls.call({ kind: 'car-finish' }) as Promise<BuiltCar>,
    },
    close: calls.close,
  };
}
