import { openAsBlob } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { decryptFile, EncryptedFileRefused, HEADER_BYTES, startsEncrypted } from '../utils/archive/encrypted-file';
import { blobSource, type ArchiveSource } from '../utils/archive/zip-reader';
import { describeFile, describeReport } from '../utils/archive/report';
import { copyHolds, verifyArchive, type ArchiveReport } from '../utils/archive/verify-archive';
import { verifyWacz, type WaczReport } from '../utils/archive/wacz/verify-wacz';
import { isWebArchive } from '../utils/archive/wacz/detect';
import { fingerprint, publicKeyFromText } from '../utils/integrity/signature';
import { fileSource } from './file-source';
import type { Io } from './commands';

export const VERIFY_USAGE = `  samizdat verify <archive.zip | archive.car | web-archive.wacz>[.age] [--key <public-key.pem | fingerprint>] [--passphrase-file <file>] [--quiet]
      Check a Samizdat archive offline: every file against its SHA-256 in the manifest, every saved
      copy against its own hash and signature, and the manifest against the exporter's signature.
      An archive for IPFS (.car): first every block against its CID and the whole directory's
      DAG, then the same checks; its root CID is printed.
      A web archive (.wacz): every file against datapackage.json, every WARC record against its
      digest, the index against the records, and the same checks of every saved copy in it.
      Encrypted with a passphrase (.age, as Samizdat exports when asked): decrypted in memory
      first, never written to disk; the passphrase is asked for in the terminal.
      --key     also require that the archive was signed by this key: a PEM file, the key itself
                (base64), or its fingerprint as the exporter published it
      --passphrase-file  read the passphrase from the first line of this file instead (scripts)
      --quiet   print only what fails and the result
      Exit code 0 when everything holds, 1 when anything fails (a wrong passphrase too), 2 for
      usage errors.
`;

const normalise = (fp: string) => fp.replace(/[^0-9a-f]/gi, '').toLowerCase();

async function expectedKeyOf(value: string): Promise<{ key?: string; fingerprint?: string } | undefined> {
  let text = value;
  try {
    text = await readFile(value, 'utf8');
  } catch {
    // Not a file: the key or its fingerprint, given inline.
  }
  const key = publicKeyFromText(text);
  if (key) return { key };
  if (normalise(text).length === 64) return { fingerprint: normalise(text) };
  return undefined;
}

/** `samizdat verify`: what holds and what fails, per file and per saved copy. */
export async function verifyCommand(args: string[], io: Io): Promise<number> {
  const keyAt = args.indexOf('--key');
  const passphraseAt = args.indexOf('--passphrase-file');
  const file = args.find((arg, i) => !arg.startsWith('--') && !(keyAt >= 0 && i === keyAt + 1) && !(passphraseAt >= 0 && i === passphraseAt + 1));
  if (!file || (keyAt >= 0 && !args[keyAt + 1]) || (passphraseAt >= 0 && !args[passphraseAt + 1])) {
    io.err(`Usage:\n${VERIFY_USAGE}`);
    return 2;
  }
  const quiet = args.includes('--quiet');
  const expected = keyAt >= 0 ? await expectedKeyOf(args[keyAt + 1]!) : undefined;
  if (keyAt >= 0 && !expected) {
    io.err(`samizdat: --key must be a public key (PEM or base64) or a key fingerprint; cannot read "${args[keyAt + 1]}"\n`);
    return 2;
  }
  let source: ArchiveSource;
  try {
    source = await fileSource(file);
  } catch (error) {
    io.err(`samizdat: cannot read ${file}: ${(error as Error).message}\n`);
    return 2;
  }
  if (startsEncrypted(await source.slice(0, HEADER_BYTES))) {
    const passphrase = passphraseAt >= 0 ? await passphraseFrom(args[passphraseAt + 1]!, io) : await io.askPassphrase?.(`Passphrase for ${file}: `);
    if (passphrase === undefined) {
      if (passphraseAt < 0) io.err(`samizdat: ${file} is encrypted; run samizdat verify in a terminal to type its passphrase, or give it with --passphrase-file <file>\n`);
      return 2;
    }
    try {
      // In memory: the plain archive never touches the disk the encrypted one was carried to.
      source = blobSource(await decryptFile(await openAsBlob(file), passphrase));
    } catch (error) {
      if (!(error instanceof EncryptedFileRefused)) throw error;
      const why = { 'wrong-passphrase': 'the passphrase does not open it', 'not-passphrase': 'it was encrypted for an age key, not with a passphrase (age -d -i <key file> opens it)', damaged: `it is damaged: ${error.message}` }[error.reason];
      io.out(`FAILED   ${file}: ${why}\nResult: nothing in this encrypted file could be checked.\n`);
      return 1;
    }
    io.out(`Decrypted ${file} with its passphrase (age); every chunk was authenticated\n`);
  }
  if (await isWebArchive(source)) return printWaczReport(file, await verifyWacz(source, { expectedKey: expected?.key }), expected, quiet, io);
  const report = await verifyArchive(source, { expectedKey: expected?.key });
  if (report.ipfsRoot) io.out(`IPFS archive (CAR): every block matches its CID and the directory is whole; root CID ${report.ipfsRoot}\n`);
  if (report.refusal) {
    io.out(`FAILED   ${file}: ${report.refusal.message}\nResult: this is not an archive that can be checked. Do not trust it.\n`);
    return 1;
  }
  const manifest = report.manifest!;
  const exporter = await fingerprint(manifest.exporter.publicKey);
  if (expected?.fingerprint && normalise(exporter) !== expected.fingerprint) report.exporterExpected = false;
  io.out(`Samizdat archive, format ${manifest.formatVersion}, written by ${manifest.generator} on ${manifest.exportedAt}\n`);
  io.out(`Exported and signed by key ${exporter}: signature ${report.manifestSignature}${expected ? (report.exporterExpected ? ' (the key you expected)' : ' (NOT the key you expected)') : ''}\n`);
  return printChecks(report, 'archive', quiet, io);
}

/** The first line of a passphrase file, without its line ending; undefined (and said) when it cannot be read. */
async function passphraseFrom(path: string, io: Io): Promise<string | undefined> {
  try {
    const passphrase = (await readFile(path, 'utf8')).split(/\r?\n/)[0]!;
    if (passphrase) return passphrase;
    io.err(`samizdat: the first line of ${path} is empty; it must be the passphrase\n`);
  } catch (error) {
    io.err(`samizdat: cannot read the passphrase file ${path}: ${(error as Error).message}\n`);
  }
  return undefined;
}

/** A web archive's report: what signed it, then the same lines per file and per copy. */
async function printWaczReport(file: string, report: WaczReport, expected: { key?: string; fingerprint?: string } | undefined, quiet: boolean, io: Io): Promise<number> {
  if (report.refusal) {
    io.out(`FAILED   ${file}: ${report.refusal.message}\nResult: this is not a web archive that can be checked. Do not trust it.\n`);
    return 1;
  }
  const pack = report.package!;
  io.out(`Web archive (WACZ ${pack.wacz_version}), written by ${pack.software} on ${pack.created}: ${report.records} WARC records\n`);
  if (report.exporterKey) {
    const exporter = await fingerprint(report.exporterKey);
    if (expected?.fingerprint && normalise(exporter) !== expected.fingerprint) report.exporterExpected = false;
    io.out(`Exported and signed by Samizdat library key ${exporter}: signature ${report.manifestSignature}${expected ? (report.exporterExpected ? ' (the key you expected)' : ' (NOT the key you expected)') : ''}\n`);
  } else io.out(`No Samizdat signature: this web archive was not signed by a Samizdat library\n`);
  io.out(`WACZ signature (ECDSA P-384, datapackage-digest.json): ${report.packageSignature}\n`);
  return printChecks(report, 'web archive', quiet, io);
}

async function printChecks(report: ArchiveReport | WaczReport, kind: string, quiet: boolean, io: Io): Promise<number> {
  for (const check of report.files) {
    if (check.status === 'ok' && !quiet) io.out(`ok       ${check.path}\n`);
    else if (check.status !== 'ok') io.out(`FAILED   ${describeFile(check)}\n`);
  }
  const signers = new Map<string, number>();
  for (const snapshot of report.snapshots) {
    const ok = copyHolds(snapshot);
    if (snapshot.signer) signers.set(snapshot.signer, (signers.get(snapshot.signer) ?? 0) + 1);
    const signature = snapshot.signature === 'missing' && snapshot.importedFrom ? `not signed: imported from the web archive “${snapshot.importedFrom.file}”` : `signature ${snapshot.signature}`;
    if (!ok || !quiet) io.out(`${ok ? 'ok       ' : 'FAILED   '}copy ${snapshot.id} “${snapshot.title}”: content ${snapshot.content ? 'matches its hash' : 'ALTERED'}, ${signature}\n`);
  }
  for (const [key, count] of signers) io.out(`${count} ${count === 1 ? 'copy' : 'copies'} signed at capture by key ${await fingerprint(key)}\n`);
  const ok = report.ok && report.exporterExpected;
  const problems = describeReport(report);
  io.out(ok ? `Result: everything holds: ${report.files.length} files and ${report.snapshots.length} saved copies are as they were signed.\n` : `Result: ${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}. Do not trust this ${kind} as it is.\n`);
  return ok ? 0 : 1;
}
