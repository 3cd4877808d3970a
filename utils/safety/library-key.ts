import { argon2idAsync } from '@noble/hashes/argon2.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { fromBase64, toBase64 } from '../integrity/encoding';
import { openBytes, SEAL_OVERHEAD, sealBytes } from './sealed';

/**
 * The protected library's keys (issue 25; docs/SECURITY.md, "A protected library"). One random
 * library key encrypts everything; it is never stored as it is, only wrapped: by the passphrase
 * through Argon2id, and by a recovery key shown once. Changing the passphrase wraps the same key
 * again, so no record is rewritten. From the library key HKDF derives the two working keys: one
 * that seals records and one that turns words and addresses into index keys (sealed.ts). Keys are
 * bytes held in memory, not CryptoKeys: records are sealed inside IndexedDB transactions, where
 * WebCrypto cannot be awaited, and a CryptoKey is no safer in a page that can use it anyway.
 *
 * Not yet wired into the library: these are the tested parts the protected library is built on.
 */

/** Argon2id's costs: memory in KiB, passes, lanes. Stored with the wrapped key that used them. */
export interface Argon2Params {
  m: number;
  t: number;
  p: number;
}

/** RFC 9106's second recommended choice (64 MiB, three passes, one lane), before calibration. */
export const DEFAULT_ARGON2: Argon2Params = { m: 64 * 1024, t: 3, p: 1 };
/** Calibration aims at this long an unlock on the machine that turns protection on. */
export const UNLOCK_TARGET_MS = 1000;
/** Never fewer passes than this, however slow the machine; never more than this, however fast. */
const MIN_PASSES = 2;
const MAX_PASSES = 10;
/**
 * A wrapped key read from storage is untrusted: costs beyond these would freeze or exhaust the
 * browser before the wrong passphrase could even be said.
 */
const MAX_MEMORY_KIB = 1024 * 1024;
const MAX_PASSES_READ = 64;

export type WrappedKey =
  | { v: 1; by: 'passphrase'; kdf: 'argon2id'; m: number; t: number; p: number; salt: string; sealed: string }
  | { v: 1; by: 'recovery-key'; kdf: 'hkdf-sha256'; salt: string; sealed: string };

/** Why a wrapped key did not open: a wrong secret, or a record that is not a wrapped key of ours. */
export class KeyRefused extends Error {
  constructor(readonly reason: 'wrong-secret' | 'damaged') {
    super(reason === 'wrong-secret' ? 'That passphrase or recovery key does not open this library.' : 'The library’s wrapped key is damaged.');
    this.name = 'KeyRefused';
  }
}

const LIBRARY_KEY_BYTES = 32;
const encoder = new TextEncoder();
/** Bound into every wrapping: a wrapped key opens only as what it was made for. */
const WRAP_CONTEXT = 'samizdat library key v1';

/** A fresh library key: 256 random bits. */
export function newLibraryKey(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(LIBRARY_KEY_BYTES));
}

const random = (length: number) => crypto.getRandomValues(new Uint8Array(length));

function wrap(libraryKey: Uint8Array, wrappingKey: Uint8Array): { sealed: string } {
  return { sealed: toBase64(sealBytes(wrappingKey, libraryKey, WRAP_CONTEXT)) };
}

function unwrap(wrapped: { sealed: string }, wrappingKey: Uint8Array): Uint8Array {
  const sealed = typeof wrapped.sealed === 'string' ? fromBase64(wrapped.sealed) : undefined;
  if (!sealed || sealed.length !== LIBRARY_KEY_BYTES + SEAL_OVERHEAD) throw new KeyRefused('damaged');
  try {
    return openBytes(wrappingKey, sealed, WRAP_CONTEXT);
  } catch {
    // The cipher cannot tell a wrong secret from changed bytes; the record's shape was checked
    // above, and a wrong secret is by far the likelier, so that is what the user is told.
    throw new KeyRefused('wrong-secret');
  }
}

function argon2(passphrase: string, salt: Uint8Array, params: Argon2Params, onProgress?: (done: number) => void): Promise<Uint8Array> {
  // NFC: the same passphrase typed on another keyboard or system composes its accents the same way.
  return argon2idAsync(encoder.encode(passphrase.normalize('NFC')), salt, { ...params, dkLen: 32, asyncTick: 50, ...(onProgress ? { onProgress } : {}) });
}

/** The library key wrapped by a passphrase through Argon2id at the given costs (calibrateArgon2's). */
export async function wrapWithPassphrase(libraryKey: Uint8Array, passphrase: string, params: Argon2Params = DEFAULT_ARGON2, onProgress?: (done: number) => void): Promise<WrappedKey> {
  const salt = random(16);
  const wrappingKey = await argon2(passphrase, salt, params, onProgress);
  return { v: 1, by: 'passphrase', kdf: 'argon2id', ...params, salt: toBase64(salt), ...wrap(libraryKey, wrappingKey) };
}

function argon2ParamsOf(wrapped: Extract<WrappedKey, { by: 'passphrase' }>): Argon2Params {
  const { m, t, p } = wrapped;
  const whole = (n: unknown, min: number, max: number) => Number.isInteger(n) && (n as number) >= min && (n as number) <= max;
  if (!whole(p, 1, 16) || !whole(t, 1, MAX_PASSES_READ) || !whole(m, 8 * p, MAX_MEMORY_KIB)) throw new KeyRefused('damaged');
  return { m, t, p };
}

/** The library key, opened with the passphrase; KeyRefused when it does not open. */
export async function unwrapWithPassphrase(wrapped: WrappedKey, passphrase: string, onProgress?: (done: number) => void): Promise<Uint8Array> {
  if (wrapped?.v !== 1 || wrapped.by !== 'passphrase' || wrapped.kdf !== 'argon2id') throw new KeyRefused('damaged');
  const params = argon2ParamsOf(wrapped);
  const salt = fromBase64(wrapped.salt);
  if (!salt || salt.length < 16) throw new KeyRefused('damaged');
  return unwrap(wrapped, await argon2(passphrase, salt, params, onProgress));
}

/**
 * Argon2id's costs for this machine: 64 MiB, and as many passes as take about UNLOCK_TARGET_MS
 * (between two and ten). `measure` times one pass at 64 MiB; it is given in tests.
 */
export async function calibrateArgon2(measure: () => Promise<number> = timeOnePass): Promise<Argon2Params> {
  const perPass = Math.max(1, await measure());
  const t = Math.min(MAX_PASSES, Math.max(MIN_PASSES, Math.round(UNLOCK_TARGET_MS / perPass)));
  return { ...DEFAULT_ARGON2, t };
}

async function timeOnePass(): Promise<number> {
  const started = performance.now();
  await argon2('calibration', random(16), { ...DEFAULT_ARGON2, t: 1 });
  return performance.now() - started;
}

/**
 * Crockford's base32: no I, L, O or U, so a key copied by hand from paper is not misread; reading
 * one back takes O for 0 and I or L for 1.
 */
const RECOVERY_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 160 random bits: 32 characters, shown in eight groups of four. */
const RECOVERY_BYTES = 20;

/** A new recovery key, to be shown once and written down: "7K2M-…", 32 characters in groups of four. */
export function newRecoveryKey(): string {
  const bytes = random(RECOVERY_BYTES);
  let bits = 0;
  let value = 0;
  let text = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      text += RECOVERY_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return text.match(/.{4}/g)!.join('-');
}

/** The bytes of a recovery key as typed (any case, spaces or dashes anywhere), or undefined if it is not one. */
export function recoveryKeyBytes(typed: string): Uint8Array | undefined {
  const text = typed
    .toUpperCase()
    .replace(/[\s\-–—]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (text.length !== (RECOVERY_BYTES * 8) / 5) return undefined;
  const bytes = new Uint8Array(RECOVERY_BYTES);
  let bits = 0;
  let value = 0;
  let at = 0;
  for (const char of text) {
    const digit = RECOVERY_ALPHABET.indexOf(char);
    if (digit < 0) return undefined;
    value = (value << 5) | digit;
    bits += 5;
    if (bits >= 8) {
      bytes[at++] = (value >>> (bits - 8)) & 255;
      bits -= 8;
      value &= (1 << bits) - 1;
    }
  }
  return bytes;
}

/** A recovery key has 160 random bits: HKDF, not a slow function, makes its wrapping key. */
function recoveryWrappingKey(typed: string, salt: Uint8Array): Uint8Array {
  const bytes = recoveryKeyBytes(typed);
  if (!bytes) throw new KeyRefused('wrong-secret');
  return hkdf(sha256, bytes, salt, encoder.encode('samizdat recovery key v1'), 32);
}

/** The library key wrapped by a recovery key (newRecoveryKey's). */
export async function wrapWithRecoveryKey(libraryKey: Uint8Array, recoveryKey: string): Promise<WrappedKey> {
  const salt = random(16);
  return { v: 1, by: 'recovery-key', kdf: 'hkdf-sha256', salt: toBase64(salt), ...wrap(libraryKey, recoveryWrappingKey(recoveryKey, salt)) };
}

/** The library key, opened with the recovery key as typed; KeyRefused when it does not open. */
export async function unwrapWithRecoveryKey(wrapped: WrappedKey, recoveryKey: string): Promise<Uint8Array> {
  if (wrapped?.v !== 1 || wrapped.by !== 'recovery-key' || wrapped.kdf !== 'hkdf-sha256') throw new KeyRefused('damaged');
  const salt = fromBase64(wrapped.salt);
  if (!salt || salt.length < 16) throw new KeyRefused('damaged');
  return unwrap(wrapped, recoveryWrappingKey(recoveryKey, salt));
}

/** The working keys, held in memory only while the library is unlocked. */
export interface LibraryKeys {
  /** Seals and opens records (sealed.ts). */
  records: Uint8Array;
  /** Turns words, tags and addresses into index keys (keyedTerm). */
  index: Uint8Array;
}

/** The two working keys from the library key, each for one use (HKDF-SHA-256 with its own label). */
export function libraryKeys(libraryKey: Uint8Array): LibraryKeys {
  const derive = (label: string) => hkdf(sha256, libraryKey, undefined, encoder.encode(`samizdat ${label} v1`), 32);
  return { records: derive('records'), index: derive('index') };
}
