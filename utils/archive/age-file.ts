/**
 * What a page knows of age files without loading the cipher (encrypted-file.ts): the header that
 * marks one, the names given to one, and why one will not open.
 */

/** The first line of every age file (the binary form; an ASCII-armoured one is not read here). */
export const AGE_HEADER = 'age-encryption.org/v1\n';

/** What the extension adds to an encrypted file's name, as age's own tools do. */
export const ENCRYPTED_SUFFIX = '.age';

/** Whether these first bytes of a file begin an age file. */
export function startsEncrypted(bytes: Uint8Array): boolean {
  if (bytes.length < AGE_HEADER.length) return false;
  for (let i = 0; i < AGE_HEADER.length; i++) if (bytes[i] !== AGE_HEADER.charCodeAt(i)) return false;
  return true;
}

export async function isEncrypted(file: Blob): Promise<boolean> {
  return startsEncrypted(new Uint8Array(await file.slice(0, AGE_HEADER.length).arrayBuffer()));
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
