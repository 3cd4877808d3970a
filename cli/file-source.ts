import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { ArchiveSource } from '../utils/archive/zip-reader';

/** An archive on disk, read in chunks: the verifier never holds the whole file. */
export async function fileSource(path: string): Promise<ArchiveSource> {
  const { size } = await stat(path);
  return {
    size,
    async tail(length) {
      const handle = await open(path, 'r');
      try {
        const start = Math.max(0, size - length);
        const bytes = new Uint8Array(size - start);
        await handle.read(bytes, 0, bytes.length, start);
        return bytes;
      } finally {
        await handle.close();
      }
    },
    async slice(start, end) {
      const handle = await open(path, 'r');
      try {
        const bytes = new Uint8Array(Math.max(0, Math.min(end, size) - start));
        await handle.read(bytes, 0, bytes.length, start);
        return bytes;
      } finally {
        await handle.close();
      }
    },
    async *chunks() {
      for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) yield new Uint8Array(chunk as Buffer);
    },
  };
}
