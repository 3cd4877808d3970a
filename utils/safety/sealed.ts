/**
 * Records sealed with the library's record key, and words and addresses turned into index keys
 * with its index key (library-key.ts). The one place the protected library encrypts: every table
 * will store what sealValue/sealBytes make, and look things up by keyedTerm.
 *
 * A sealed record is bound to where it belongs (its table and key, given as `context`): a record
 * moved to another row, or another table, does not open, so a reader of the disk who can move
 * bytes cannot make one page show another's copy.
 */

/** Why a sealed record did not open. Its bytes were changed, or it belongs elsewhere, or another key sealed it. */
export class SealBroken extends Error {
  constructor() {
    super('A protected record does not open: it was changed, moved, or sealed by another library.');
    this.name = 'SealBroken';
  }
}

/** The first byte of a sealed record: the format, so that a later one can be told apart. */
const FORMAT = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Bytes sealed for one place: [format][12-byte random nonce][AES-GCM ciphertext and tag]. */
export async function sealBytes(key: CryptoKey, bytes: Uint8Array, context: string): Promise<Uint8Array> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const cipher = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(context) }, key, bytes as Uint8Array<ArrayBuffer>);
  const out = new Uint8Array(1 + IV_BYTES + cipher.byteLength);
  out[0] = FORMAT;
  out.set(iv, 1);
  out.set(new Uint8Array(cipher), 1 + IV_BYTES);
  return out;
}

/** The bytes sealBytes sealed for this same place; SealBroken otherwise. */
export async function openBytes(key: CryptoKey, sealed: Uint8Array, context: string): Promise<Uint8Array> {
  if (!(sealed instanceof Uint8Array) || sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== FORMAT) throw new SealBroken();
  const bytes = sealed as Uint8Array<ArrayBuffer>;
  try {
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes.subarray(1, 1 + IV_BYTES), additionalData: encoder.encode(context) }, key, bytes.subarray(1 + IV_BYTES));
    return new Uint8Array(plain);
  } catch {
    throw new SealBroken();
  }
}

/** A record (anything JSON can say) sealed for one place. Blobs are sealed apart, as bytes. */
export async function sealValue(key: CryptoKey, value: unknown, context: string): Promise<Uint8Array> {
  return sealBytes(key, encoder.encode(JSON.stringify(value)), context);
}

/** The record sealValue sealed for this same place; SealBroken otherwise. */
export async function openValue<T>(key: CryptoKey, sealed: Uint8Array, context: string): Promise<T> {
  return JSON.parse(decoder.decode(await openBytes(key, sealed, context))) as T;
}

/**
 * What an index holds in place of a word, tag or address: the first 128 bits of its HMAC, in
 * base64url. `kind` keeps kinds apart (the word "moscow" and the tag "moscow" differ). The same
 * term always gives the same key under one library, so IndexedDB's indexes still answer an exact
 * lookup; without the key, the index says only how often each unknown term occurs.
 */
export async function keyedTerm(indexKey: CryptoKey, kind: 'word' | 'tag' | 'address' | 'site', term: string): Promise<string> {
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', indexKey, encoder.encode(`${kind}\u0000${term.normalize('NFC')}`)));
  let binary = '';
  for (const byte of mac.subarray(0, 16)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
