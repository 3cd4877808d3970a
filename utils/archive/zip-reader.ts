import { Unzip, UnzipInflate, inflateSync, type AsyncFlateStreamHandler, type FlateError, type UnzipDecoder } from 'fflate';
import { concatBytes } from './bytes';
import { ARCHIVE_LIMITS } from './format';
import { ArchiveRefusal } from './problems';

/** Where an archive's bytes come from: a File or Blob in the browser, a file on disk in Node. */
export interface ArchiveSource {
  size: number;
  /** The last `length` bytes. */
  tail(length: number): Promise<Uint8Array>;
  /** Bytes from `start` to `end` (exclusive). */
  slice(start: number, end: number): Promise<Uint8Array>;
  /** Every byte, in order, in chunks. */
  chunks(): AsyncIterable<Uint8Array>;
}

export function blobSource(blob: Blob): ArchiveSource {
  return {
    size: blob.size,
    tail: async (length) => new Uint8Array(await blob.slice(Math.max(0, blob.size - length)).arrayBuffer()),
    slice: async (start, end) => new Uint8Array(await blob.slice(start, end).arrayBuffer()),
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
 * Inflates a file in one go once its compressed bytes are in, into a buffer of the size the
 * archive declares for it, which the limits bound before anything is allocated. fflate's
 * streaming inflater grew and copied its output for every piece pushed: a third of an import's
 * time went to inflating, every file twice (docs/BENCHMARKS.md). A file that inflates to more or
 * less than declared is corrupt. Samizdat's archives, as any streamed ZIP, give the sizes after
 * each file's data and in the directory at the end, so they are taken from the directory; a file
 * the directory does not list is inflated as it streams (and the directory check refuses it).
 */
function wholeInflate(sizes: Map<string, DirectoryEntry>) {
  return class WholeInflate implements UnzipDecoder {
    static readonly compression = 8;
    ondata: AsyncFlateStreamHandler = () => {};
    private readonly streaming: UnzipInflate | null = null;
    private readonly chunks: Uint8Array[] = [];
    private readonly size: number | undefined;

    constructor(name: string, _packed?: number, size?: number) {
      this.size = size ?? sizes.get(name)?.size;
      if (this.size === undefined) {
        this.streaming = new UnzipInflate();
        this.streaming.ondata = (error, data, final) => this.ondata(error, data, final);
      }
    }

    push(chunk: Uint8Array, final: boolean): void {
      if (this.streaming) return this.streaming.push(chunk, final);
      // Copied: fflate does not promise that the pieces it hands over stay as they are.
      if (chunk.byteLength) this.chunks.push(chunk.slice());
      if (!final) return;
      const size = this.size!;
      const corrupt = (message: string): FlateError => Object.assign(new Error(message), { code: 0 });
      let bytes: Uint8Array<ArrayBuffer>;
      try {
        bytes = inflateSync(concatBytes(this.chunks), { out: new Uint8Array(size + 1) });
      } catch (error) {
        return this.ondata(corrupt((error as Error).message), new Uint8Array(), true);
      }
      if (bytes.byteLength !== size) return this.ondata(corrupt(`it expands to more or less than the ${size} bytes the archive declares`), new Uint8Array(), true);
      this.ondata(null, bytes, true);
    }
  };
}

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
export async function readEntries(source: ArchiveSource, onEntry: (entry: ArchiveEntry) => Promise<void>, limits: Limits = ARCHIVE_LIMITS, options: { checkDirectory?: boolean } = {}): Promise<void> {
  const head = source.size >= 4 ? await firstBytes(source) : new Uint8Array();
  if (!(head[0] === 0x50 && head[1] === 0x4b && (head[2] === 0x03 || head[2] === 0x05))) throw new ArchiveRefusal('not-an-archive');
  if (!(await hasEndRecord(source))) throw new ArchiveRefusal('truncated');

  // The directory at the end, read first for the files' sizes, and checked against the walk last.
  const directory = await readDirectory(source);
  const sizes = new Map(typeof directory === 'string' ? [] : directory.entries.map((entry) => [entry.name, entry]));
  const unzip = new Unzip();
  unzip.register(wholeInflate(sizes));
  const finished: ArchiveEntry[] = [];
  const names = new Set<string>();
  const walked: { name: string; size: number }[] = [];
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
    const listed = sizes.get(file.name);
    const declaredSize = file.originalSize ?? listed?.size ?? 0;
    if (declaredSize > limits.entryBytes) return fail(new ArchiveRefusal('entry-too-large', file.name));
    // What the archive declares is judged before it is inflated, as what it expands to is after.
    const declared = expanded + declaredSize;
    if (declared > limits.ratioFloorBytes && declared > limits.ratio * Math.max(packed + (file.size ?? listed?.packed ?? 0), 1)) return fail(new ArchiveRefusal('zip-bomb', file.name));
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
        walked.push({ name: file.name, size });
        finished.push({ name: file.name, bytes: concatBytes(chunks, size) });
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
  if (options.checkDirectory !== false) await matchCentralDirectory(source, walked, directory);
}

interface DirectoryEntry {
  name: string;
  flags: number;
  method: number;
  packed: number;
  size: number;
  offset: number;
}

const u16 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number) => (u16(b, at) | (u16(b, at + 2) << 16)) >>> 0;

/** The archive's directory (its files, in order, with their sizes and places), or why it cannot be read. */
async function readDirectory(source: ArchiveSource): Promise<{ entries: DirectoryEntry[]; count: number; offset: number } | string> {
  const tail = await source.tail(22 + 0xffff);
  let end = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (u32(tail, i) === 0x06054b50 && i + 22 + u16(tail, i + 20) === tail.length) {
      end = i;
      break;
    }
  }
  if (end < 0) return 'it does not end with a ZIP directory';
  // One disk, and the directory all on it: anything else is a split archive, or a crafted one.
  if (u16(tail, end + 4) !== 0 || u16(tail, end + 6) !== 0 || u16(tail, end + 8) !== u16(tail, end + 10)) return 'it claims to be split across several disks';
  const count = u16(tail, end + 10);
  const size = u32(tail, end + 12);
  const offset = u32(tail, end + 16);
  if (offset + size !== source.size - (tail.length - end)) return 'the directory is not where the archive says';
  const directory = await source.slice(offset, offset + size);
  const decoder = new TextDecoder();
  const entries: DirectoryEntry[] = [];
  for (let at = 0; at < directory.length; ) {
    if (at + 46 > directory.length || u32(directory, at) !== 0x02014b50) return 'an entry of the directory is damaged';
    const nameLength = u16(directory, at + 28);
    entries.push({
      flags: u16(directory, at + 8),
      method: u16(directory, at + 10),
      packed: u32(directory, at + 20),
      size: u32(directory, at + 24),
      offset: u32(directory, at + 42),
      name: decoder.decode(directory.subarray(at + 46, at + 46 + nameLength)),
    });
    at += 46 + nameLength + u16(directory, at + 30) + u16(directory, at + 32);
  }
  return { entries, count, offset };
}

/**
 * Other tools (unzip, a file manager, the browser of whoever receives the archive) read a ZIP by
 * its central directory at the end; the walk above reads it by its local headers from the start.
 * A crafted ZIP can make the two disagree, so that what Samizdat verified is not what the recipient
 * unpacks. The directory must list exactly the files walked, in order, with their sizes, each
 * starting where the one before it ended, with nothing hidden between them.
 */
async function matchCentralDirectory(source: ArchiveSource, walked: { name: string; size: number }[], directory: Awaited<ReturnType<typeof readDirectory>>): Promise<void> {
  const broken = (detail: string) => new ArchiveRefusal('corrupt', '(the archive’s directory)', detail);
  if (typeof directory === 'string') throw broken(directory);
  const { entries, count, offset } = directory;
  const decoder = new TextDecoder();
  if (entries.length !== count || entries.length !== walked.length) throw broken(`the directory lists ${entries.length} files, the archive holds ${walked.length}`);
  // Local headers are read through a moving window of a few megabytes, not one read each.
  const WINDOW = 4 * 1024 * 1024;
  let window: Uint8Array = new Uint8Array();
  let windowStart = 0;
  const read = async (start: number, end: number): Promise<Uint8Array> => {
    if (start < windowStart || end > windowStart + window.length) {
      windowStart = start;
      window = await source.slice(start, Math.min(source.size, Math.max(end, start + WINDOW)));
    }
    return window.subarray(start - windowStart, end - windowStart);
  };
  let expected = 0;
  for (const [i, entry] of entries.entries()) {
    const seen = walked[i]!;
    if (entry.name !== seen.name || entry.size !== seen.size) throw broken(`the directory names “${entry.name}” where the archive holds “${seen.name}”`);
    if (entry.offset !== expected) throw broken(`“${entry.name}” does not start where the file before it ends`);
    const header = await read(entry.offset, entry.offset + 30 + utf8Length(entry.name));
    if (u32(header, 0) !== 0x04034b50 || decoder.decode(header.subarray(30, 30 + u16(header, 26))) !== entry.name) throw broken(`“${entry.name}” is not where the directory says`);
    expected = entry.offset + 30 + u16(header, 26) + u16(header, 28) + entry.packed;
    if (entry.flags & 0x8) {
      const descriptor = await read(expected, expected + 4);
      expected += u32(descriptor, 0) === 0x08074b50 ? 16 : 12;
    }
  }
  if (expected !== offset) throw broken('there are bytes between the last file and the directory');
}

/**
 * One file read out of turn, where the directory at the end says it is, or null if it cannot be
 * (no such file, a damaged directory, a file over `maxBytes`): an import needs the manifest, which
 * an archive holds last, before it reads the rest. Nothing read so is trusted: the walk above
 * reads the same file again in order, and whoever asked compares the two.
 */
export async function readEntryAhead(source: ArchiveSource, name: string, maxBytes: number): Promise<Uint8Array | null> {
  const found = await entryData(source, name);
  if (!found) return null;
  const { entry, start } = found;
  if (entry.size > maxBytes || (entry.method !== 0 && entry.method !== 8)) return null;
  const packed = await source.slice(start, start + entry.packed);
  if (entry.method === 0) return packed.byteLength === entry.size ? packed : null;
  try {
    const bytes = inflateSync(packed, { out: new Uint8Array(entry.size + 1) });
    return bytes.byteLength === entry.size ? bytes : null;
  } catch {
    return null;
  }
}

/** A file's entry in the directory at the end, and where its data starts (after its local header); null if it cannot be found. */
async function entryData(source: ArchiveSource, name: string): Promise<{ entry: DirectoryEntry; start: number } | null> {
  if (source.size < 22) return null;
  const directory = await readDirectory(source);
  if (typeof directory === 'string') return null;
  const entry = directory.entries.find((candidate) => candidate.name === name);
  if (!entry) return null;
  const header = await source.slice(entry.offset, entry.offset + 30);
  if (header.length < 30 || u32(header, 0) !== 0x04034b50) return null;
  const start = entry.offset + 30 + u16(header, 26) + u16(header, 28);
  return start + entry.packed > source.size ? null : { entry, start };
}

/** What the directory at the end says of a file: its size, its packed size and how it is packed; null if it cannot be found. */
export async function entrySizes(source: ArchiveSource, name: string): Promise<{ size: number; packed: number; method: number } | null> {
  const found = await entryData(source, name);
  return found && { size: found.entry.size, packed: found.entry.packed, method: found.entry.method };
}

/**
 * A file stored (not deflated) in the archive, read in place a slice at a time, or null if it is
 * not there or not stored: a WACZ's WARC files, which may be larger than memory, are stored so that
 * readers can seek into them. `start`: where its bytes are in the archive. Nothing read so is
 * trusted: each record in it is checked.
 */
export async function storedEntry(source: ArchiveSource, name: string): Promise<{ start: number; size: number; slice(start: number, end: number): Promise<Uint8Array> } | null> {
  const found = await entryData(source, name);
  if (!found || found.entry.method !== 0 || found.entry.packed !== found.entry.size) return null;
  const { entry, start } = found;
  return { start, size: entry.size, slice: (from, to) => source.slice(start + from, start + Math.min(to, entry.size)) };
}

/** The names the directory at the end lists, or null if it cannot be read. Nothing read so is trusted. */
export async function entryNames(source: ArchiveSource): Promise<string[] | null> {
  if (source.size < 22) return null;
  const directory = await readDirectory(source);
  return typeof directory === 'string' ? null : directory.entries.map((entry) => entry.name);
}

/** A name's length in bytes as stored (UTF-8). */
function utf8Length(name: string): number {
  return new TextEncoder().encode(name).length;
}

async function firstBytes(source: ArchiveSource): Promise<Uint8Array> {
  for await (const chunk of source.chunks()) return chunk.subarray(0, 4);
  return new Uint8Array();
}
