import { Unzip, UnzipInflate } from 'fflate';
import { ARCHIVE_LIMITS } from './format';
import { ArchiveRefusal } from './problems';

/** Where an archive's bytes come from: a File or Blob in the browser, a file on disk in Node. */
export interface ArchiveSource {
  size: number;
  /** The last `length` bytes. */
  tail(length: number): Promise<Uint8Array>;
  /** Every byte, in order, in chunks. */
  chunks(): AsyncIterable<Uint8Array>;
}

export function blobSource(blob: Blob): ArchiveSource {
  return {
    size: blob.size,
    tail: async (length) => new Uint8Array(await blob.slice(Math.max(0, blob.size - length)).arrayBuffer()),
    chunks: () => chunksOf(blob.stream()),
  };
}

async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

export interface ArchiveEntry {
  name: string;
  bytes: Uint8Array;
}

type Limits = typeof ARCHIVE_LIMITS;

/**
 * A name that could land outside the folder it is unpacked into, on any system: refused, because
 * other tools may unpack what Samizdat only reads.
 */
export function isUnsafeName(name: string): boolean {
  if (!name || name.startsWith('/') || name.includes('\\') || /^[a-zA-Z]:/.test(name)) return true;
  if (/[\u0000-\u001f]/.test(name)) return true;
  return name.split('/').some((segment) => segment === '..' || segment === '.' || segment === '');
}

/** The end-of-central-directory record (PK\5\6) closes every complete ZIP, after at most a 64 KB comment. */
async function hasEndRecord(source: ArchiveSource): Promise<boolean> {
  const tail = await source.tail(22 + 0xffff);
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail[i] === 0x50 && tail[i + 1] === 0x4b && tail[i + 2] === 0x05 && tail[i + 3] === 0x06) return true;
  }
  return false;
}

/**
 * Walk an archive's files in order, one at a time, refusing (ArchiveRefusal) what no Samizdat
 * archive holds before it can do harm: unsafe names, duplicates, files or totals over the limits,
 * expansion far beyond the packed size (zip bombs), unknown compression, a cut-short file.
 * Only the current file is held in memory; expansion stops the moment a limit is passed.
 */
export async function readEntries(source: ArchiveSource, onEntry: (entry: ArchiveEntry) => Promise<void>, limits: Limits = ARCHIVE_LIMITS): Promise<void> {
  const head = source.size >= 4 ? await firstBytes(source) : new Uint8Array();
  if (!(head[0] === 0x50 && head[1] === 0x4b && (head[2] === 0x03 || head[2] === 0x05))) throw new ArchiveRefusal('not-an-archive');
  if (!(await hasEndRecord(source))) throw new ArchiveRefusal('truncated');

  const unzip = new Unzip();
  unzip.register(UnzipInflate);
  const finished: ArchiveEntry[] = [];
  const names = new Set<string>();
  let failure: ArchiveRefusal | undefined;
  let unfinished = 0;
  let expanded = 0;
  let packed = 0;
  unzip.onfile = (file) => {
    if (failure) return;
    const fail = (refusal: ArchiveRefusal) => {
      failure ??= refusal;
      file.terminate();
    };
    if (isUnsafeName(file.name)) return fail(new ArchiveRefusal('unsafe-path', file.name));
    if (names.has(file.name)) return fail(new ArchiveRefusal('duplicate-entry', file.name));
    names.add(file.name);
    if (names.size > limits.entries) return fail(new ArchiveRefusal('too-many-entries'));
    if (file.compression !== 0 && file.compression !== 8) return fail(new ArchiveRefusal('unsupported-compression', file.name));
    if ((file.originalSize ?? 0) > limits.entryBytes) return fail(new ArchiveRefusal('entry-too-large', file.name));
    const chunks: Uint8Array[] = [];
    let size = 0;
    unfinished++;
    file.ondata = (error, data, final) => {
      if (failure) return;
      if (error) return fail(new ArchiveRefusal('corrupt', file.name, error.message));
      size += data.byteLength;
      expanded += data.byteLength;
      if (size > limits.entryBytes) return fail(new ArchiveRefusal('entry-too-large', file.name));
      if (expanded > limits.totalBytes) return fail(new ArchiveRefusal('archive-too-large'));
      // Judged against what has been read so far, so a bomb is stopped at its first chunks.
      if (expanded > limits.ratioFloorBytes && expanded > limits.ratio * Math.max(packed, 1)) return fail(new ArchiveRefusal('zip-bomb', file.name));
      chunks.push(data);
      if (final) {
        unfinished--;
        finished.push({ name: file.name, bytes: concat(chunks, size) });
      }
    };
    try {
      file.start();
    } catch (error) {
      fail(new ArchiveRefusal('corrupt', file.name, (error as Error).message));
    }
  };

  const push = (chunk: Uint8Array, final: boolean) => {
    try {
      unzip.push(chunk, final);
    } catch (error) {
      failure ??= final ? new ArchiveRefusal('truncated') : new ArchiveRefusal('corrupt', '(the archive)', (error as Error).message);
    }
  };
  const drain = async () => {
    if (failure) throw failure;
    while (finished.length) await onEntry(finished.shift()!);
  };
  for await (const chunk of source.chunks()) {
    // Smaller pieces bound what one push may expand to before the limits above are checked.
    for (let offset = 0; offset < chunk.byteLength; offset += 16384) {
      const piece = chunk.subarray(offset, offset + 16384);
      packed += piece.byteLength;
      push(piece, false);
      await drain();
    }
  }
  push(new Uint8Array(), true);
  await drain();
  if (unfinished > 0) throw new ArchiveRefusal('truncated');
  if (names.size === 0) throw new ArchiveRefusal('not-an-archive');
}

async function firstBytes(source: ArchiveSource): Promise<Uint8Array> {
  for await (const chunk of source.chunks()) return chunk.subarray(0, 4);
  return new Uint8Array();
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
