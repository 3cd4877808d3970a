import { ARCHIVE_LIMITS, MANIFEST_PATH } from '../format';
import { ArchiveRefusal } from '../problems';
import { entryNames, entrySizes, isUnsafeName, readEntryAhead, storedEntry, type ArchiveSource } from '../zip-reader';
import type { ArchiveFile } from './archived-captures';
import { DATAPACKAGE_PATH, DIGEST_PATH } from './format';

/**
 * Whether a ZIP is a web archive (WACZ) rather than a Samizdat archive: its directory lists a
 * datapackage.json and no manifest.json. Whatever the file is called: a name is not a format.
 */
export async function isWebArchive(source: ArchiveSource): Promise<boolean> {
  const names = await entryNames(source);
  return !!names && names.includes(DATAPACKAGE_PATH) && !names.includes(MANIFEST_PATH);
}

/**
 * Whether a web archive says it is Samizdat's: its datapackage-digest.json carries a Samizdat
 * signature. Then it is checked as Samizdat's (every signature must hold), and it comes back as it
 * was exported; one that does not say so is read as others' web archives are.
 */
export async function isSamizdatWebArchive(source: ArchiveSource): Promise<boolean> {
  const digest = await readEntryAhead(source, DIGEST_PATH, 1024 * 1024);
  if (!digest) return false;
  try {
    const parsed = JSON.parse(new TextDecoder().decode(digest)) as { samizdat?: unknown };
    return typeof parsed.samizdat === 'object' && parsed.samizdat !== null;
  } catch {
    return false;
  }
}

/** A WARC file on its own: records, compressed a record at a time (gzip) or not ("WARC/1."). */
export async function isWarcFile(source: ArchiveSource): Promise<boolean> {
  const head = await source.slice(0, 8);
  if (head[0] === 0x1f && head[1] === 0x8b) return true;
  return new TextDecoder('latin1').decode(head).startsWith('WARC/1.');
}

/**
 * The WARC files of a web archive made by others, each read in place where it is stored, or whole
 * if a tool deflated it (then within an archive's bound for one file).
 */
export async function warcFilesOf(source: ArchiveSource, label: string): Promise<ArchiveFile[]> {
  const names = (await entryNames(source)) ?? [];
  // A name that points outside a folder is a hostile file's, whichever file it is: refused, as an archive's is.
  const unsafe = names.find(isUnsafeName);
  if (unsafe !== undefined) throw new ArchiveRefusal('unsafe-path', unsafe);
  const files: ArchiveFile[] = [];
  for (const name of names.filter((n) => /^archive\/[^/]+\.warc(\.gz)?$/i.test(n)).sort()) {
    const stored = await storedEntry(source, name);
    if (stored) {
      files.push({ name: `${label}: ${name}`, bytes: stored });
      continue;
    }
    // Deflated by some tool (a WACZ stores its WARC files as they are): read whole, within an
    // archive's bounds for a file, its expansion among them.
    const sizes = await entrySizes(source, name);
    if (sizes && sizes.size > ARCHIVE_LIMITS.ratioFloorBytes && sizes.size > ARCHIVE_LIMITS.ratio * Math.max(sizes.packed, 1)) throw new ArchiveRefusal('zip-bomb', name);
    const bytes = await readEntryAhead(source, name, ARCHIVE_LIMITS.entryBytes);
    if (!bytes) throw new ArchiveRefusal('corrupt', name, 'a WARC file deflated in the ZIP, larger than 64 MB once inflated, or damaged; a WACZ stores its WARC files as they are');
    files.push({ name: `${label}: ${name}`, bytes: { size: bytes.byteLength, slice: async (start, end) => bytes.subarray(start, end) } });
  }
  if (!files.length) throw new ArchiveRefusal('no-warc');
  return files;
}
