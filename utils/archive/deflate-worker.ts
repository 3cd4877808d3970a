import { deflateFile } from './deflate';

/**
 * A worker that deflates an export's files while the page renders the next ones: deflating took
 * as long as rendering did, on the same thread (docs/BENCHMARKS.md). It gets { id, bytes } and
 * answers { id, data, crc, size }, or { id, error }.
 */
self.onmessage = (event: MessageEvent<{ id: number; bytes: Uint8Array }>) => {
  const { id, bytes } = event.data;
  try {
    const { data, crc, size } = deflateFile(bytes);
    self.postMessage({ id, data, crc, size }, { transfer: [data.buffer as ArrayBuffer] });
  } catch (error) {
    self.postMessage({ id, error: (error as Error).message });
  }
};
