/**
 * What a page knows of age files without loading the cipher (encrypted-file.ts): the header that
 * marks one, the names given to one, and why one will not open.
 */

/** The first line of every age file in its binary form, the one Samizdat writes. */
export const AGE_HEADER = 'age-encryption.org/v1\n';
/** The first line of an ASCII-armoured age file (`age -a`, for mail), read too; white space may come before it. */
export const ARMOR_HEADER = '-----BEGIN AGE ENCRYPTED FILE-----';
/** How many of a file's first bytes tell whether it is an age file. */
export const HEADER_BYTES = 64;

/** What the extension adds to an encrypted file's name, as age's own tools do. */
export const ENCRYPTED_SUFFIX = '.age';

const startsWith = (bytes: Uint8Array, text: string, at = 0) => bytes.length >= at + text.length && [...text].every((char, i) => bytes[at + i] === char.charCodeAt(0));

/** Whether a file whose first bytes these are is armoured (ASCII) rather than binary. */
export function startsArmored(bytes: Uint8Array): boolean {
  let at = 0;
  while (at < bytes.length && (bytes[at] === 0x20 || bytes[at] === 0x09 || bytes[at] === 0x0a || bytes[at] === 0x0d)) at++;
  return startsWith(bytes, ARMOR_HEADER, at);
}

/** Whether these first bytes (HEADER_BYTES of them, or the whole file if shorter) begin an age file, binary or armoured. */
export function startsEncrypted(bytes: Uint8Array): boolean {
  return startsWith(bytes, AGE_HEADER) || startsArmored(bytes);
}

export async function isEncrypted(file: Blob): Promise<boolean> {
  return startsEncrypted(new Uint8Array(await file.slice(0, HEADER_BYTES).arrayBuffer()));
}

/** `samizdat-2026-12-07.zip` → `samizdat-2026-12-07.zip.age`, and back. */
export const encryptedName = (name: string): string => `${name}${ENCRYPTED_SUFFIX}`;
export const plainName = (name: string): string => (name.toLowerCase().endsWith(ENCRYPTED_SUFFIX) ? name.slice(0, -ENCRYPTED_SUFFIX.length) : name);

export type OpenFailure =
  /** The file is encrypted with a passphrase, and this is not it. */
  | 'wrong-passphrase'
  /** Encrypted for an age key (a recipient), not with a passphrase: `age -d -i key` opens it. */
  | 'not-passphrase'
  /** Not whole: changed, cut short or extended after it was encrypted, or not an age file at all. */
  | 'damaged';

export class EncryptedFileRefused extends Error {
  constructor(
    readonly reason: OpenFailure,
    detail: string,
  ) {
    super(detail);
    this.name = 'EncryptedFileRefused';
  }
}
