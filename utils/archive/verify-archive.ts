import { sha256Hex } from '../integrity/hash';
import { contentOf, snapshotHash } from '../integrity/snapshot-hash';
import { verifyBytes, verifySnapshotSignature } from '../integrity/signature';
import { sniffImageType } from '../save/fetch-images';
import { ARCHIVE_NAME, MANIFEST_PATH, MANIFEST_SIGNATURE_PATH, type Manifest, type PageFile, type SnapshotFile } from './format';
import { ArchiveRefusal } from './problems';
import { parseManifest, parsePageFile, parseSnapshotFile } from './validate';
import { readEntries, type ArchiveSource } from './zip-reader';
import { isCar, openCar, type OpenedCar } from './car/car-reader';
import { t } from '../i18n';
import type { ImportedFrom } from '../store/records';

export type FileStatus = 'ok' | 'changed' | 'missing' | 'extra' | 'invalid';

export interface FileCheck {
  path: string;
  status: FileStatus;
  detail?: string;
}

export type SignatureStatus = 'valid' | 'invalid' | 'missing';

export interface SnapshotCheck {
  id: string;
  title: string;
  /** Its content hashes to its id: nothing in its text, HTML or metadata changed. */
  content: boolean;
  signature: SignatureStatus;
  /** The signing key (raw, base64). */
  signer?: string;
  /** Read from a web archive someone else made: unsigned, and rightly so (its copy says where from). */
  importedFrom?: ImportedFrom;
}

/** A copy holds if its content matches its id and it is signed, or was imported unsigned from a web archive. */
export const copyHolds = (check: SnapshotCheck) => check.content && (check.signature === 'valid' || (check.signature === 'missing' && !!check.importedFrom));

export interface ArchiveReport {
  ok: boolean;
  /** Set when the archive could not be read at all; nothing else is then known. */
  refusal?: ArchiveRefusal;
  manifest?: Manifest;
  manifestSignature: SignatureStatus;
  /** False when a key was expected (samizdat verify --key) and the exporter's is another. */
  exporterExpected: boolean;
  files: FileCheck[];
  snapshots: SnapshotCheck[];
  /** For an archive read from a CAR: the CID of its directory, once every block was checked. */
  ipfsRoot?: string;
}

const FILE_HASH = /([0-9a-f]{64})\.[a-z]+$/;

/**
 * A file as the verifier read it, handed on (`onFile`) before the archive as a whole is judged, so
 * that an import reads the archive once: what it writes stays invisible until the report says
 * every check passed. Only files that parsed are handed on, and only the kinds an import keeps.
 */
export type ReadFile =
  | { kind: 'snapshot'; path: string; file: SnapshotFile }
  | { kind: 'page'; path: string; file: PageFile }
  | { kind: 'image'; path: string; bytes: Uint8Array }
  | { kind: 'manifest'; path: string; bytes: Uint8Array };

/**
 * Check an archive end to end without trusting any of it: the manifest's own signature, every
 * file's SHA-256 against the manifest, every snapshot's content against its id (its canonical
 * hash) and its signature, every image against its name. Reads the archive once, file by file:
 * a ZIP, or a CAR for IPFS, whose blocks and DAG are checked first (utils/archive/car/car-reader.ts).
 * The one verifier: the library's import runs it as it reads the archive (staging what `onFile`
 * hands it, kept only if the report passes), `samizdat verify` for strangers.
 */
export async function verifyArchive(
  source: ArchiveSource | OpenedCar,
  options: { expectedKey?: string; onProgress?: (bytesRead: number) => void; onFile?: (file: ReadFile) => Promise<void> } = {},
): Promise<ArchiveReport> {
  const report: ArchiveReport = { ok: false, manifestSignature: 'missing', exporterExpected: true, files: [], snapshots: [] };
  const seen = new Map<string, string>();
  const checks = new Map<string, FileCheck>();
  const snapshotIds = new Set<string>();
  const imageTypes = new Map<string, string | null>();
  const imagesOf = new Map<string, string[]>();
  /** Page key of each snapshot, and each page file's key and newest copy: every copy needs its page. */
  const pageOfSnapshot = new Map<string, string>();
  const signatures = new Map<string, string>();
  const pageFiles = new Map<string, { path: string; latest: string }>();
  let manifestBytes: Uint8Array | undefined;
  let manifestSignature: string | undefined;
  let read = 0;
  try {
    const car = 'root' in source ? source : (await isCar(source)) ? await openCar(source) : null;
    if (car) report.ipfsRoot = car.root;
    const each = car ? car.each : (onEntry: Parameters<typeof readEntries>[1]) => readEntries(source as ArchiveSource, onEntry);
    await each(async ({ name, bytes }) => {
      read += bytes.byteLength;
      options.onProgress?.(read);
      if (name === MANIFEST_PATH) {
        manifestBytes = bytes;
        await options.onFile?.({ kind: 'manifest', path: name, bytes });
        return;
      }
      if (name === MANIFEST_SIGNATURE_PATH) {
        manifestSignature = new TextDecoder().decode(bytes).trim();
        return;
      }
      const fileHash = await sha256Hex(bytes);
      seen.set(name, fileHash);
      if (!ARCHIVE_NAME.test(name)) return;
      const named = FILE_HASH.exec(name)?.[1];
      if (name.startsWith('data/snapshots/')) {
        const file = parseSnapshotFile(bytes);
        const check = typeof file === 'string' ? file : await checkSnapshot(file, named!);
        if (typeof check === 'string') checks.set(name, { path: name, status: 'invalid', detail: check });
        else {
          report.snapshots.push(check);
          snapshotIds.add(check.id);
          await options.onFile?.({ kind: 'snapshot', path: name, file: file as SnapshotFile });
        }
      } else if (name.startsWith('data/pages/')) {
        const page = parsePageFile(bytes);
        if (typeof page === 'string') checks.set(name, { path: name, status: 'invalid', detail: page });
        else if ((await sha256Hex(page.page.url)) !== named) checks.set(name, { path: name, status: 'invalid', detail: t('detailNameNotHash') });
        else {
          pageFiles.set(page.page.url, { path: name, latest: page.page.latestSnapshotId });
          await options.onFile?.({ kind: 'page', path: name, file: page });
        }
      } else if (name.startsWith('images/')) {
        if (fileHash !== named) checks.set(name, { path: name, status: 'changed', detail: t('detailBytesNotHash') });
        imageTypes.set(name, sniffImageType(bytes));
        await options.onFile?.({ kind: 'image', path: name, bytes });
      }
    });
  } catch (error) {
    if (!(error instanceof ArchiveRefusal)) throw error;
    report.refusal = error;
    return report;
  }
  if (!manifestBytes) {
    report.refusal = new ArchiveRefusal('no-manifest');
    return report;
  }
  try {
    report.manifest = parseManifest(manifestBytes);
  } catch (error) {
    if (!(error instanceof ArchiveRefusal)) throw error;
    report.refusal = error;
    return report;
  }
  const manifest = report.manifest;
  if (manifestSignature !== undefined) {
    const valid = await verifyBytes({ algorithm: 'Ed25519', publicKey: manifest.exporter.publicKey, value: manifestSignature, signedAt: 0 }, manifestBytes);
    report.manifestSignature = valid ? 'valid' : 'invalid';
  }
  report.exporterExpected = options.expectedKey === undefined || options.expectedKey === manifest.exporter.publicKey;

  // Every file the manifest lists, as found; then every file it does not.
  for (const [path, expected] of Object.entries(manifest.files)) {
    const found = seen.get(path);
    if (found === undefined) checks.set(path, { path, status: 'missing' });
    else if (found !== expected) checks.set(path, { path, status: 'changed', detail: t('detailHashDiffers') });
    else if (!checks.has(path)) checks.set(path, { path, status: 'ok' });
  }
  for (const path of seen.keys()) {
    if (!(path in manifest.files)) checks.set(path, { path, status: 'extra', detail: t('detailNotListed') });
  }
  const assets = new Set(manifest.assets.map((asset) => asset.hash));
  for (const asset of manifest.assets) {
    const type = imageTypes.get(asset.path);
    if (!asset.path.startsWith(`images/${asset.hash}.`)) checks.set(asset.path, { path: asset.path, status: 'invalid', detail: t('detailOtherHash') });
    else if (type !== undefined && type !== asset.type && checks.get(asset.path)?.status === 'ok') checks.set(asset.path, { path: asset.path, status: 'invalid', detail: t('detailWrongType', asset.type) });
  }
  const listed = new Map(manifest.snapshots.map((entry) => [entry.id, entry]));
  for (const check of report.snapshots) {
    const path = `data/snapshots/${check.id}.json`;
    const entry = listed.get(check.id);
    if (!entry) checks.set(path, { path, status: 'extra', detail: t('detailNoSuchSnapshot') });
    else if (JSON.stringify(entry.signature) !== signatures.get(check.id)) checks.set(path, { path, status: 'invalid', detail: t('detailSignatureDiffers') });
    else if (!pageFiles.has(pageOfSnapshot.get(check.id)!)) checks.set(path, { path, status: 'invalid', detail: t('detailNoPage') });
  }
  for (const { path, latest } of pageFiles.values()) {
    if (!pageOfSnapshot.has(latest) && checks.get(path)?.status === 'ok') checks.set(path, { path, status: 'invalid', detail: t('detailNewestMissing') });
  }
  for (const entry of manifest.snapshots) {
    if (!snapshotIds.has(entry.id) && !checks.has(entry.json)) checks.set(entry.json, { path: entry.json, status: 'missing' });
  }
  report.files = [...checks.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  // The images a snapshot kept must all be in the archive: a copy without its pictures is not whole.
  report.ok =
    report.manifestSignature === 'valid' &&
    report.exporterExpected &&
    report.files.every((file) => file.status === 'ok') &&
    report.snapshots.every(copyHolds) &&
    report.snapshots.length === manifest.snapshots.length &&
    snapshotsHaveImages(report, assets, imagesOf);
  return report;

  async function checkSnapshot(file: SnapshotFile, named: string): Promise<SnapshotCheck | string> {
    const { snapshot } = file;
    if (snapshot.id !== named) return 'its name and the snapshot it holds differ';
    imagesOf.set(snapshot.id, snapshot.imageHashes);
    pageOfSnapshot.set(snapshot.id, snapshot.pageUrl);
    signatures.set(snapshot.id, JSON.stringify(snapshot.signature ?? null));
    return checkSnapshotFile(file);
  }
}

/** A saved copy as a stranger checks it: its content against its id, its signature against both. */
export async function checkSnapshotFile({ snapshot, body }: SnapshotFile): Promise<SnapshotCheck> {
  const content = (await snapshotHash(contentOf(snapshot, body))) === snapshot.id;
  const signature = snapshot.signature ? ((await verifySnapshotSignature(snapshot.signature, snapshot)) ? 'valid' : 'invalid') : 'missing';
  return { id: snapshot.id, title: snapshot.title, content, signature, ...(snapshot.signature ? { signer: snapshot.signature.publicKey } : {}), ...(snapshot.importedFrom ? { importedFrom: snapshot.importedFrom } : {}) };
}

export function snapshotsHaveImages(report: Pick<ArchiveReport, 'snapshots' | 'files'>, assets: Set<string>, imagesOf: Map<string, string[]>): boolean {
  let whole = true;
  for (const check of report.snapshots) {
    for (const hash of imagesOf.get(check.id) ?? []) {
      if (!assets.has(hash)) {
        report.files.push({ path: `images/${hash}`, status: 'missing', detail: t('detailImageOf', check.title) });
        whole = false;
      }
    }
  }
  return whole;
}
