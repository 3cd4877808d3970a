import { assetBlob } from '../../utils/store/asset-blob';
import fc from 'fast-check';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { importArchive } from '../../utils/archive/import-archive';
import { blobSource } from '../../utils/archive/zip-reader';
import { sha256Hex } from '../../utils/integrity/hash';
import { saveCapture } from '../../utils/store/save-capture';
import { exportBytes, libraryContents } from '../helpers/archive';
import { recordCases } from '../helpers/case-count';
import { freshLibrary } from '../helpers/db';
import { captureSeed } from '../helpers/seed';

/** How many mutated archives each property tries; the total is printed with the run's case counts. */
export const FUZZ_RUNS = 150;

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 5, 6, 7, 8]);

async function validArchive(): Promise<Uint8Array> {
  const db = freshLibrary();
  const original = captureSeed('article.html');
  const photo = { url: original.images[0]!, hash: await sha256Hex(PNG), blob: assetBlob(PNG, 'image/png'), type: 'image/png', size: PNG.length };
  await saveCapture(db, original, 1000, [photo]);
  await saveCapture(db, captureSeed('article-edited.html'), 2000, [photo]);
  return exportBytes(db);
}

/** A library that already holds something, so "unchanged" means more than "empty". */
async function someLibrary() {
  const db = freshLibrary();
  await saveCapture(db, { ...captureSeed('article.html'), canonicalUrl: 'https://elsewhere.example/kept' }, 500);
  return db;
}

/** Mutations of the raw bytes: what a bad disk, a cut download or an attacker's hex editor does. */
const byteMutation = (size: number): fc.Arbitrary<ByteMutation> =>
  fc.oneof<fc.Arbitrary<ByteMutation>[]>(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(size - 1), mask: fc.integer({ min: 1, max: 255 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat(size - 1) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(size), bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
    fc.record({ kind: fc.constant('remove' as const), at: fc.nat(size - 1), length: fc.integer({ min: 1, max: 4096 }) }),
  );

type ByteMutation =
  | { kind: 'flip'; at: number; mask: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'remove'; at: number; length: number };

function mutateBytes(archive: Uint8Array, m: ByteMutation): Uint8Array {
  switch (m.kind) {
    case 'flip': {
      const copy = archive.slice();
      copy[m.at] = copy[m.at]! ^ m.mask;
      return copy;
    }
    case 'truncate':
      return archive.slice(0, m.at);
    case 'insert':
      return new Uint8Array([...archive.subarray(0, m.at), ...m.bytes, ...archive.subarray(m.at)]);
    default:
      return new Uint8Array([...archive.subarray(0, m.at), ...archive.subarray(m.at + m.length)]);
  }
}

/** Mutations of the files inside: what someone who knows the format would try. */
const fileMutation: fc.Arbitrary<FileMutation> = fc.oneof<fc.Arbitrary<FileMutation>[]>(
  fc.record({ kind: fc.constant('drop' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('rename' as const), pick: fc.nat(), name: fc.constantFrom('../evil.html', '/etc/x', 'images/../../x', 'a\\b', 'extra.txt', 'index.html') }),
  fc.record({ kind: fc.constant('edit' as const), pick: fc.nat(), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  fc.record({ kind: fc.constant('json' as const), pick: fc.nat(), text: fc.string({ maxLength: 40 }) }),
);

type FileMutation =
  | { kind: 'drop'; pick: number }
  | { kind: 'rename'; pick: number; name: string }
  | { kind: 'edit'; pick: number; at: number; bytes: Uint8Array }
  | { kind: 'json'; pick: number; text: string };

function mutateFiles(archive: Uint8Array, m: FileMutation): Uint8Array {
  const files = unzipSync(archive);
  const names = Object.keys(files);
  const name = names[m.pick % names.length]!;
  if (m.kind === 'drop') delete files[name];
  if (m.kind === 'rename') {
    files[m.name] = files[name]!;
    if (m.name !== name) delete files[name];
  }
  if (m.kind === 'edit') {
    const bytes = files[name]!.slice();
    bytes.set(m.bytes.subarray(0, Math.max(0, bytes.length - (m.at % Math.max(1, bytes.length)))), m.at % Math.max(1, bytes.length));
    files[name] = bytes;
  }
  if (m.kind === 'json') files[name] = new TextEncoder().encode(m.text);
  return zipSync(files);
}

async function importsOrRefusesCleanly(archive: Uint8Array, mutated: Uint8Array): Promise<void> {
  const db = await someLibrary();
  const before = await libraryContents(db);
  try {
    await importArchive(db, blobSource(new Blob([mutated as Uint8Array<ArrayBuffer>])));
    // Only an archive whose content is unchanged may import (a no-op mutation, e.g. an edit that wrote the same bytes).
    const files = unzipSync(mutated);
    const original = unzipSync(archive);
    expect(Object.keys(files).sort()).toEqual(Object.keys(original).sort());
    for (const [name, bytes] of Object.entries(files)) expect(bytes, name).toEqual(original[name]);
    return;
  } catch (error) {
    if ((error as { name?: string }).name === 'AssertionError') throw error;
    expect(error, String(error)).toBeInstanceOf(Error);
    expect((error as Error).message.length).toBeGreaterThan(10);
    expect(await libraryContents(db), (error as Error).message).toEqual(before);
  }
}

describe('importing mutated archives', () => {
  const tried = { bytes: 0, files: 0 };
  afterAll(() =>
    recordCases(import.meta.url, [
      { kind: 'mutations', what: 'archives with mutated bytes, imported', count: tried.bytes },
      { kind: 'mutations', what: 'archives with mutated files inside, imported', count: tried.files },
    ]),
  );
  it(`either imports a valid archive or refuses with a message, leaving the library unchanged (${FUZZ_RUNS} byte mutations)`, async () => {
    const archive = await validArchive();
    await fc.assert(fc.asyncProperty(byteMutation(archive.length), async (m) => {
      tried.bytes += 1;
      await importsOrRefusesCleanly(archive, mutateBytes(archive, m));
    }), { numRuns: FUZZ_RUNS, seed: 20261125 });
  }, 300_000);

  it(`does the same for mutations of the files inside (${FUZZ_RUNS} file mutations)`, async () => {
    const archive = await validArchive();
    await fc.assert(fc.asyncProperty(fileMutation, async (m) => {
      tried.files += 1;
      await importsOrRefusesCleanly(archive, mutateFiles(archive, m));
    }), { numRuns: FUZZ_RUNS, seed: 20261125 });
  }, 300_000);
});
