import { fromBase64, toBase64 } from './encoding';
import { sha256Hex } from './hash';

/**
 * Ed25519 signatures: on every snapshot at save time (who kept this copy, and when), and on every
 * exported archive's manifest (who exported these files). WebCrypto in extension pages, the
 * service worker and Node alike, so the stranger's verifier runs the very code the extension does.
 */
export const SIGNATURE_ALGORITHM = 'Ed25519';

export interface Signature {
  algorithm: typeof SIGNATURE_ALGORITHM;
  /** The signer's raw 32-byte public key, base64. */
  publicKey: string;
  /** The 64-byte signature, base64. */
  value: string;
  /** When it was made (ms since 1970). Part of what is signed. */
  signedAt: number;
}

/** What a snapshot's signature covers: its identity (the content hash) and where and when it was kept. */
export interface SignedSnapshotFields {
  id: string;
  kind: string;
  pageUrl: string;
  sourceUrl: string;
  loadedUrl: string;
  capturedAt: number;
}

/** Bump when what is signed changes; it is part of what is signed. */
export const SIGNED_FORM_VERSION = 1;

/**
 * The exact bytes a snapshot signature is made over: a JSON array in a fixed order. The version
 * number is local to a library (imports may renumber), so it is left out.
 */
export function signedSnapshotBytes(fields: SignedSnapshotFields, signedAt: number): Uint8Array {
  return new TextEncoder().encode(
    JSON.stringify(['samizdat-snapshot-signature', SIGNED_FORM_VERSION, fields.id, fields.kind, fields.pageUrl, fields.sourceUrl, fields.loadedUrl, fields.capturedAt, signedAt]),
  );
}

/** The key that signs; its private half never leaves the browser's key store where the browser allows. */
export interface SigningKey {
  privateKey: CryptoKey;
  /** Raw public key, base64. */
  publicKey: string;
}

export async function signBytes(key: SigningKey, bytes: Uint8Array, signedAt: number): Promise<Signature> {
  const value = new Uint8Array(await crypto.subtle.sign(SIGNATURE_ALGORITHM, key.privateKey, bytes as Uint8Array<ArrayBuffer>));
  return { algorithm: SIGNATURE_ALGORITHM, publicKey: key.publicKey, value: toBase64(value), signedAt };
}

export function signSnapshot(key: SigningKey, fields: SignedSnapshotFields, signedAt: number): Promise<Signature> {
  return signBytes(key, signedSnapshotBytes(fields, signedAt), signedAt);
}

/** Public keys already imported: an archive has thousands of copies signed by a few keys. */
const verifyingKeys = new Map<string, Promise<CryptoKey>>();

function verifyingKey(publicKey: string, raw: Uint8Array): Promise<CryptoKey> {
  let key = verifyingKeys.get(publicKey);
  if (!key) {
    if (verifyingKeys.size > 64) verifyingKeys.clear();
    key = crypto.subtle.importKey('raw', raw as Uint8Array<ArrayBuffer>, SIGNATURE_ALGORITHM, true, ['verify']);
    key.catch(() => verifyingKeys.delete(publicKey));
    verifyingKeys.set(publicKey, key);
  }
  return key;
}

/** False for a bad signature, and for a malformed key or value (archives are untrusted input). */
export async function verifyBytes(signature: Signature, bytes: Uint8Array): Promise<boolean> {
  const publicKey = fromBase64(signature.publicKey);
  const value = fromBase64(signature.value);
  if (signature.algorithm !== SIGNATURE_ALGORITHM || publicKey?.length !== 32 || value?.length !== 64) return false;
  try {
    const key = await verifyingKey(signature.publicKey, publicKey);
    return await crypto.subtle.verify(SIGNATURE_ALGORITHM, key, value as Uint8Array<ArrayBuffer>, bytes as Uint8Array<ArrayBuffer>);
  } catch {
    return false;
  }
}

export function verifySnapshotSignature(signature: Signature, fields: SignedSnapshotFields): Promise<boolean> {
  return verifyBytes(signature, signedSnapshotBytes(fields, signature.signedAt));
}

/**
 * What a person compares to be sure of a key: SHA-256 of the raw public key, in groups of four
 * hex digits. Published by a journalist, checked by a reader of their archives.
 */
export async function fingerprint(publicKey: string): Promise<string> {
  const raw = fromBase64(publicKey);
  if (!raw) return 'invalid key';
  return (await sha256Hex(raw)).match(/.{4}/g)!.join(' ');
}

/** The public key as PEM (SubjectPublicKeyInfo), the form openssl and most tools read. */
export function publicKeyPem(publicKey: string): string {
  // The SPKI header of an Ed25519 key (RFC 8410) is fixed: 302a300506032b6570032100, then the 32 bytes.
  const raw = fromBase64(publicKey)!;
  const spki = new Uint8Array([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00, ...raw]);
  const body = toBase64(spki).match(/.{1,64}/g)!.join('\n');
  return `-----BEGIN PUBLIC KEY-----\n${body}\n-----END PUBLIC KEY-----\n`;
}

/** The raw public key (base64) from PEM or from a bare base64 raw key; undefined if neither. */
export function publicKeyFromText(text: string): string | undefined {
  const pem = /-----BEGIN PUBLIC KEY-----([\s\S]*?)-----END PUBLIC KEY-----/.exec(text);
  const bytes = fromBase64((pem ? pem[1]! : text).replace(/\s+/g, ''));
  if (bytes?.length === 44 && bytes[0] === 0x30 && bytes[10] === 0x21 && bytes[11] === 0x00) return toBase64(bytes.subarray(12));
  if (bytes?.length === 32) return toBase64(bytes);
  return undefined;
}

/**
 * The fingerprint of each copy's signer, made once per key however many copies it signed: what an
 * export shows beside each copy so that a reader can compare it with a published one.
 */
export function signerFingerprints(): (snapshot: { signature?: Signature }) => Promise<string | undefined> {
  const known = new Map<string, Promise<string>>();
  return (snapshot) => {
    const publicKey = snapshot.signature?.publicKey;
    if (!publicKey) return Promise.resolve(undefined);
    if (!known.has(publicKey)) known.set(publicKey, fingerprint(publicKey));
    return known.get(publicKey)!;
  };
}
