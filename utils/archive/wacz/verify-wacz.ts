import { sha256Hex } from '../../integrity/hash';
import { fromBase64 } from '../../integrity/encoding';
import { verifyPackageHash } from '../../integrity/package-key';
import { verifyBytes } from '../../integrity/signature';
import { t } from '../../i18n';
import { ARCHIVE_LIMITS, type PageFile, type SnapshotFile } from '../format';
import { ArchiveRefusal } from '../problems';
import { parsePageFile, parseSnapshotFile } from '../validate';
import { checkSnapshotFile, copyHolds, snapshotsHaveImages, type ArchiveReport, type FileCheck, type SignatureStatus } from '../verify-archive';
import { readEntries, type ArchiveSource } from '../zip-reader';
import { timestamp14 } from './cdxj';
import { DATAPACKAGE_PATH, DIGEST_PATH, INDEX_PATH, PAGES_PATH, PAGE_RECORD_TYPE, SNAPSHOT_RECORD_TYPE, type DataPackage, type PackageDigest } from './format';
import { readWarc, WarcError } from './warc-reader';

/**
 * A web archive's files may be larger than an archive's: a WARC file holds many pages' records
 * (Samizdat writes them 32 MB at most, others up to a gigabyte), and pages.jsonl the text of every
 * page. Each is still read whole, so the bound stays.
 */
export const WACZ_LIMITS = { ...ARCHIVE_LIMITS, entryBytes: 1024 * 1024 * 1024 } as const;

/** What a web archive's check finds: the archive's report, and the WACZ signature besides. */
export interface WaczReport extends ArchiveReport {
  package?: DataPackage;
  /** The WACZ recommendation's ECDSA signature in datapackage-digest.json. */
  packageSignature: SignatureStatus;
  /** The Ed25519 key that signed datapackage.json (Samizdat's signature), if any. */
  exporterKey?: string;
  records: number;
}

/** What a verifier hands on of a web archive, as it reads it (for an import). */
export type ReadRecord = { kind: 'snapshot'; file: SnapshotFile } | { kind: 'page'; file: PageFile } | { kind: 'image'; url: string; type: string; bytes: Uint8Array; sha256: string };

interface PlacedRecord {
  url: string;
  time: string;
  sha256: string;
}

/**
 * Check a web archive (WACZ) end to end without trusting any of it: the Samizdat signature over
 * datapackage.json and the WACZ signature beside it, every file against the hash and size
 * datapackage.json lists, every WARC record against its block digest, every line of the index
 * against the record it points at, every page of pages.jsonl against the index, and every saved
 * copy in it against its id and its signature, as an archive's copies are (verify-archive.ts).
 */
export async function verifyWacz(source: ArchiveSource, options: { expectedKey?: string; onProgress?: (bytesRead: number) => void; onRecord?: (record: ReadRecord) => Promise<void> } = {}): Promise<WaczReport> {
  const report: WaczReport = { ok: false, manifestSignature: 'missing', packageSignature: 'missing', exporterExpected: true, files: [], snapshots: [], records: 0 };
  const seen = new Map<string, { sha256: string; bytes: number }>();
  const checks = new Map<string, FileCheck>();
  /** Resource records by `file offset`: what the index must point at. */
  const placed = new Map<string, PlacedRecord>();
  const imagesOf = new Map<string, string[]>();
  const images = new Set<string>();
  let packageBytes: Uint8Array | undefined;
  let digestBytes: Uint8Array | undefined;
  let indexText: string | undefined;
  let pagesText: string | undefined;
  let read = 0;
  const fail = (path: string, status: FileCheck['status'], detail?: string) => {
    if (!checks.has(path) || checks.get(path)!.status === 'ok') checks.set(path, { path, status, ...(detail ? { detail } : {}) });
  };
  try {
    await readEntries(
      source,
      async ({ name, bytes }) => {
        read += bytes.byteLength;
        options.onProgress?.(read);
        if (name === DATAPACKAGE_PATH) packageBytes = bytes;
        if (name === DIGEST_PATH) {
          digestBytes = bytes;
          return;
        }
        seen.set(name, { sha256: await sha256Hex(bytes), bytes: bytes.byteLength });
        if (name === INDEX_PATH) indexText = new TextDecoder().decode(bytes);
        else if (name === PAGES_PATH) pagesText = new TextDecoder().decode(bytes);
        else if (/^archive\/[^/]+\.warc(\.gz)?$/.test(name)) await readRecords(name, bytes);
      },
      WACZ_LIMITS,
    );
  } catch (error) {
    if (!(error instanceof ArchiveRefusal)) throw error;
    report.refusal = error;
    return report;
  }
  if (!packageBytes) {
    report.refusal = new ArchiveRefusal('no-datapackage');
    return report;
  }
  const dataPackage = parseJson<DataPackage>(packageBytes);
  if (!dataPackage || dataPackage.profile !== 'data-package' || !Array.isArray(dataPackage.resources)) {
    report.refusal = new ArchiveRefusal('bad-manifest', DATAPACKAGE_PATH, 'datapackage.json is not a WACZ data package');
    return report;
  }
  report.package = dataPackage;
  await checkSignatures(parseJson<PackageDigest>(digestBytes));

  // Every file datapackage.json lists, as found; then every file it does not.
  const listed = new Set<string>();
  for (const resource of dataPackage.resources) {
    const path = String(resource?.path);
    listed.add(path);
    const found = seen.get(path);
    if (!found) fail(path, 'missing');
    else if (`sha256:${found.sha256}` !== resource.hash) fail(path, 'changed', t('detailPackageHashDiffers'));
    else if (found.bytes !== resource.bytes) fail(path, 'changed', t('detailSizeDiffers'));
    else if (!checks.has(path)) checks.set(path, { path, status: 'ok' });
  }
  // A file nobody listed is foreign, whatever else is wrong with it: that is what to say of it.
  for (const path of seen.keys()) if (path !== DATAPACKAGE_PATH && !listed.has(path)) checks.set(path, { path, status: 'extra', detail: t('detailNotInPackage') });
  checkIndex();
  report.files = [...checks.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  report.ok =
    report.manifestSignature === 'valid' &&
    report.packageSignature !== 'invalid' &&
    report.exporterExpected &&
    report.files.every((file) => file.status === 'ok') &&
    report.snapshots.every(copyHolds) &&
    snapshotsHaveImages(report, images, imagesOf);
  return report;

  async function readRecords(path: string, bytes: Uint8Array) {
    const file = path.slice('archive/'.length);
    try {
      for (const record of readWarc(bytes, ARCHIVE_LIMITS.entryBytes)) {
        report.records++;
        const type = record.fields.get('warc-type');
        const blockSha = await sha256Hex(record.block);
        const declared = record.fields.get('warc-block-digest');
        if (declared?.startsWith('sha256:') && declared.slice(7).toLowerCase() !== blockSha) {
          fail(path, 'changed', t('detailRecord', String(record.offset), 'its block differs from its WARC-Block-Digest'));
          continue;
        }
        const contentType = record.fields.get('content-type') ?? '';
        const url = record.fields.get('warc-target-uri') ?? '';
        const date = Date.parse(record.fields.get('warc-date') ?? '');
        if (Number.isNaN(date)) {
          fail(path, 'invalid', t('detailRecord', String(record.offset), 'no WARC-Date'));
          continue;
        }
        if (type === 'resource' || type === 'response') {
          placed.set(`${file} ${record.offset}`, { url, time: timestamp14(date), sha256: blockSha });
          if (type === 'resource' && contentType.startsWith('image/')) {
            images.add(blockSha);
            await options.onRecord?.({ kind: 'image', url, type: contentType, bytes: record.block, sha256: blockSha });
          }
        } else if (type === 'metadata' && contentType === SNAPSHOT_RECORD_TYPE) {
          const parsed = parseSnapshotFile(record.block);
          if (typeof parsed === 'string') fail(path, 'invalid', t('detailRecord', String(record.offset), parsed));
          else {
            report.snapshots.push(await checkSnapshotFile(parsed));
            imagesOf.set(parsed.snapshot.id, parsed.snapshot.imageHashes);
            await options.onRecord?.({ kind: 'snapshot', file: parsed });
          }
        } else if (type === 'metadata' && contentType === PAGE_RECORD_TYPE) {
          const parsed = parsePageFile(record.block);
          if (typeof parsed === 'string') fail(path, 'invalid', t('detailRecord', String(record.offset), parsed));
          else await options.onRecord?.({ kind: 'page', file: parsed });
        }
      }
    } catch (error) {
      if (!(error instanceof WarcError)) throw error;
      fail(path, 'invalid', t('detailRecord', String(error.offset), error.message.replace(/^the record at byte \d+: /, '')));
    }
  }

  async function checkSignatures(digest: PackageDigest | undefined) {
    if (!digest) return;
    const hash = `sha256:${await sha256Hex(packageBytes!)}`;
    const signed = digest.signedData;
    if (signed && typeof signed.signature === 'string' && typeof signed.publicKey === 'string') {
      const key = fromBase64(signed.publicKey);
      const signature = fromBase64(signed.signature);
      const valid = digest.hash === hash && signed.hash === hash && !!key && !!signature && (await verifyPackageHash(key, signature, hash));
      report.packageSignature = valid ? 'valid' : 'invalid';
    }
    const own = digest.samizdat;
    if (own && typeof own.publicKey === 'string' && typeof own.signature === 'string') {
      report.exporterKey = own.publicKey;
      const valid = await verifyBytes({ algorithm: 'Ed25519', publicKey: own.publicKey, value: own.signature, signedAt: 0 }, packageBytes!);
      report.manifestSignature = valid ? 'valid' : 'invalid';
      report.exporterExpected = options.expectedKey === undefined || options.expectedKey === own.publicKey;
    } else report.exporterExpected = options.expectedKey === undefined;
  }

  /** Each line of the index points at a record of its address and time; each page has a line. */
  function checkIndex() {
    if (indexText === undefined) return;
    const lines = indexText.split('\n').filter(Boolean);
    const keys = new Set<string>();
    for (const [n, line] of lines.entries()) {
      const match = /^(\S+) (\d{14,17}) (\{.*\})$/.exec(line);
      const fields = match ? parseJson<Record<string, string>>(new TextEncoder().encode(match[3]!)) : undefined;
      const record = fields ? placed.get(`${fields.filename} ${fields.offset}`) : undefined;
      const ok = match && fields && record && record.url === fields.url && record.time === match[2]!.slice(0, 14) && (!fields.digest || fields.digest.replace(/^sha-?256:/, '') === record.sha256);
      if (!ok) fail(INDEX_PATH, 'invalid', t('detailIndexLine', line.slice(0, 200)));
      if (n > 0 && line < lines[n - 1]!) fail(INDEX_PATH, 'invalid', t('detailIndexLine', line.slice(0, 200)));
      if (fields) keys.add(`${fields.url} ${match![2]!.slice(0, 14)}`);
    }
    if (pagesText === undefined) return;
    for (const line of pagesText.split('\n').slice(1).filter(Boolean)) {
      const page = parseJson<{ url?: string; ts?: string }>(new TextEncoder().encode(line));
      const date = Date.parse(String(page?.ts));
      const time = Number.isNaN(date) ? '' : timestamp14(date);
      if (!page?.url || !keys.has(`${page.url} ${time}`)) fail(PAGES_PATH, 'invalid', t('detailPageNotIndexed', String(page?.url ?? line.slice(0, 200))));
    }
  }
}

function parseJson<T>(bytes: Uint8Array | undefined): T | undefined {
  if (!bytes) return undefined;
  try {
    const value = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    return value && typeof value === 'object' ? (value as T) : undefined;
  } catch {
    return undefined;
  }
}
