import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { hmac } from '@noble/hashes/hmac.js';

/**
 * The one authenticated cipher of the protected library, and its keyed index terms. Synchronous
 * on purpose: a record is opened and sealed inside IndexedDB transactions, which close at the
 * first await that is not their own, and WebCrypto's are not. So the cipher is XChaCha20-Poly1305
 * in plain JavaScript (`@noble/ciphers`, audited; the same package `age-encryption` uses), whose
 * 192-bit random nonces never repeat however many records a library holds.
 *
 * A sealed record is bound to where it belongs (`context`: its table and key, or what a wrapping is
 * for): moved to another row or table it does not open, so a reader of the disk who can move bytes
 * cannot make one page show another's copy.
 */

/** Why a sealed record did not open. Its bytes were changed, or it belongs elsewhere, or another key sealed it. */
export class SealBroken extends Error {
  constructor() {
    super('A protected record does not open: it was changed, moved, or sealed by another key.');
    this.name = 'SealBroken';
  }
}

/** The first byte of a sealed record: the format, so that a later one can be told apart. */
const FORMAT = 1;
const NONCE_BYTES = 24;
const TAG_BYTES = 16;
export const SEAL_OVERHEAD = 1 + NONCE_BYTES + TAG_BYTES;
const encoder = new TextEncoder();

/** Bytes sealed for one place: [format][24-byte random nonce][ciphertext and tag]. */
export function sealBytes(key: Uint8Array, bytes: Uint8Array, context: string): Uint8Array {
  const nonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
  const cipher = xchacha20poly1305(key, nonce, encoder.encode(context)).encrypt(bytes);
  const out = new Uint8Array(1 + NONCE_BYTES + cipher.length);
  out[0] = FORMAT;
  out.set(nonce, 1);
  out.set(cipher, 1 + NONCE_BYTES);
  return out;
}

/** The bytes sealBytes sealed for this same place; SealBroken otherwise. */
export function openBytes(key: Uint8Array, sealed: Uint8Array, context: string): Uint8Array {
  if (!(sealed instanceof Uint8Array) || sealed.length < SEAL_OVERHEAD || sealed[0] !== FORMAT) throw new SealBroken();
  try {
    return xchacha20poly1305(key, sealed.subarray(1, 1 + NONCE_BYTES), encoder.encode(context)).decrypt(sealed.subarray(1 + NONCE_BYTES));
  } catch {
    throw new SealBroken();
  }
}

/** A record that big or bigger is always decrypted: the cache is for the many small ones. */
const OPENED_MAX_RECORD = 2048;
/** The most a key's cache of opened records holds. */
const OPENED_BYTES = 4 * 1024 * 1024;

/**
 * Records opened lately, per record key: one read again (a list drawn again, a search typed a
 * letter at a time, which finds the same pages) is not decrypted again. Held per key (a WeakMap:
 * it goes with the key), and dropped at every lock (forgetOpened).
 */
let opened = new WeakMap<Uint8Array, { records: Map<string, Uint8Array>; bytes: number }>();

/** Drop every record opened so far: called when the library locks. */
export function forgetOpened(): void {
  opened = new WeakMap();
}

/**
 * openBytes for a sealed record of the library, remembered while the key is held (`opened`). A
 * record is known by the place it is opened for and its nonce and tag: bytes sealed elsewhere
 * are decrypted (and refused) as ever, and bytes changed under the same nonce and tag can only
 * give back what was sealed there. The bytes answered may be answered again: read them, never
 * change them.
 */
export function openRecord(key: Uint8Array, sealed: Uint8Array, context: string): Uint8Array {
  if (!(sealed instanceof Uint8Array) || sealed.length < SEAL_OVERHEAD || sealed.length >= OPENED_MAX_RECORD) return openBytes(key, sealed, context);
  let cache = opened.get(key);
  if (!cache) opened.set(key, (cache = { records: new Map(), bytes: 0 }));
  let id = `${context}\u0000${sealed.length}\u0000`;
  for (let at = 1; at < 1 + NONCE_BYTES; at++) id += String.fromCharCode(sealed[at]!);
  for (let at = sealed.length - TAG_BYTES; at < sealed.length; at++) id += String.fromCharCode(sealed[at]!);
  const known = cache.records.get(id);
  if (known) {
    // Most recently used last: the oldest go first when the cache is full.
    cache.records.delete(id);
    cache.records.set(id, known);
    return known;
  }
  const plain = openBytes(key, sealed, context);
  cache.records.set(id, plain);
  cache.bytes += id.length + plain.length;
  for (const [oldest, record] of cache.records) {
    if (cache.bytes <= OPENED_BYTES) break;
    cache.records.delete(oldest);
    cache.bytes -= oldest.length + record.length;
  }
  return plain;
}

/**
 * How many characters of a keyed word a search index holds. 11 (66 bits) for libraries protected
 * since stop 36: a search row holds a few hundred keyed words, and Chromium's walk of an index
 * costs in step with the size of its rows (docs/BENCHMARKS.md). 66 bits still make two words of one
 * library sharing a term unlikely beyond concern (about one chance in 10^8 among a million distinct
 * words), and a shared term would only add a page to a search's results, never lose one.
 */
export const KEYED_WORD_CHARS = 11;
/** The keyed terms of everything else, and of words in libraries protected before stop 36: 128 bits. */
export const KEYED_TERM_CHARS = 22;

/**
 * What an index holds in place of a word, tag or address: the first 128 bits of its HMAC-SHA-256,
 * in base64url, or the first `chars` characters of that (KEYED_WORD_CHARS). `kind` keeps kinds
 * apart (the word "moscow" and the tag "moscow" differ). The same term always gives the same key
 * under one library, so IndexedDB's indexes still answer an exact lookup; without the key, the
 * index says only how often each unknown term occurs.
 */
export function keyedTerm(indexKey: Uint8Array, kind: 'word' | 'tag' | 'address' | 'hash' | 'bucket', term: string, chars = KEYED_TERM_CHARS): string {
  const mac = hmac(sha256, indexKey, encoder.encode(`${kind}\u0000${term.normalize('NFC')}`));
  let binary = '';
  for (const byte of mac.subarray(0, 16)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '').slice(0, chars);
}
