import { fromBase64, toBase64 } from '../integrity/encoding';
import { newInboxKeys } from './inbox';
import {
  calibrateArgon2,
  KeyRefused,
  libraryKeys,
  newLibraryKey,
  newRecoveryKey,
  unwrapWithPassphrase,
  unwrapWithRecoveryKey,
  wrapWithPassphrase,
  wrapWithRecoveryKey,
  type Argon2Params,
  type LibraryKeys,
  type WrappedKey,
} from './library-key';
import { KEYED_TERM_CHARS, KEYED_WORD_CHARS, openBytes, SealBroken, sealBytes } from './sealed';

/**
 * What a protected library keeps in the clear about its protection (issue 25): the library key
 * wrapped twice (by the passphrase, by the recovery key), the inbox's public key that locked saves
 * are sealed to, and the inbox's private half sealed with the record key. Nothing here opens the
 * library without the passphrase or the recovery key. Where it is stored is the wiring's choice:
 * these functions only make, open and change it. Not yet wired into the extension.
 */
export interface ProtectionRecord {
  v: 1;
  /** Being sealed in place, every row sealed, or being opened again (utils/store/protect-library.ts). */
  state: 'sealing' | 'on' | 'opening';
  /**
   * Once every row is sealed, the database is rewritten from a copy so that the plain rows leave
   * the browser's files (utils/store/rewrite-library.ts): which copy is being made.
   */
  rewrite?: 'to-staging' | 'to-library';
  /** Lock after this many minutes without input, or when the screen locks (0: never; absent: 15). */
  autoLockMinutes?: number;
  byPassphrase: WrappedKey;
  byRecoveryKey: WrappedKey;
  /** The inbox's public key (a raw P-256 point, base64): locked saves are sealed to it. */
  inboxPublicKey: string;
  /** The inbox's private half (PKCS #8), sealed with the record key (base64). */
  inboxPrivateKey: string;
  /**
   * How many characters of each keyed word the search index holds (KEYED_WORD_CHARS): absent in
   * libraries protected before stop 36, whose index holds 22 and is read as it is.
   */
  keyedWordChars?: number;
}

/** The length of this library's keyed words: what its record says, or the first form's 22. */
export function keyedWordChars(record: ProtectionRecord | null): number {
  return record?.keyedWordChars === KEYED_WORD_CHARS ? KEYED_WORD_CHARS : KEYED_TERM_CHARS;
}

const INBOX_KEY_CONTEXT = 'samizdat inbox private key';

/** What turning protection on gives: the record to keep, the keys to hold while unlocked, and the recovery key to show once. */
export interface NewProtection {
  record: ProtectionRecord;
  libraryKey: Uint8Array;
  recoveryKey: string;
}

/**
 * Protection for a library: a fresh library key wrapped by the passphrase (Argon2id at costs
 * calibrated on this machine unless given) and by a new recovery key, and a fresh inbox key pair.
 * The record starts in state 'sealing': the library is then sealed in place.
 */
export async function createProtection(passphrase: string, params?: Argon2Params): Promise<NewProtection> {
  const libraryKey = newLibraryKey();
  const recoveryKey = newRecoveryKey();
  const costs = params ?? (await calibrateArgon2());
  const [byPassphrase, byRecoveryKey, inbox] = await Promise.all([wrapWithPassphrase(libraryKey, passphrase, costs), wrapWithRecoveryKey(libraryKey, recoveryKey), newInboxKeys()]);
  const { records } = libraryKeys(libraryKey);
  return {
    record: { v: 1, state: 'sealing', keyedWordChars: KEYED_WORD_CHARS, byPassphrase, byRecoveryKey, inboxPublicKey: toBase64(inbox.publicKey), inboxPrivateKey: toBase64(sealBytes(records, inbox.privateKey, INBOX_KEY_CONTEXT)) },
    libraryKey,
    recoveryKey,
  };
}

/**
 * The library key, from the passphrase or the recovery key. KeyRefused('wrong-secret') when it
 * does not open, and nothing else is learnt; KeyRefused('damaged') for a record that is not ours.
 * The key found is checked against the record's own sealed inbox key, so a wrapping swapped in
 * from another library is refused rather than opening rows it cannot read.
 */
export async function unlockProtection(record: ProtectionRecord, secret: { passphrase: string } | { recoveryKey: string }, onProgress?: (done: number) => void): Promise<Uint8Array> {
  if (record?.v !== 1) throw new KeyRefused('damaged');
  const libraryKey = 'passphrase' in secret ? await unwrapWithPassphrase(record.byPassphrase, secret.passphrase, onProgress) : await unwrapWithRecoveryKey(record.byRecoveryKey, secret.recoveryKey);
  try {
    inboxPrivateKey(record, libraryKeys(libraryKey));
  } catch {
    throw new KeyRefused('damaged');
  }
  return libraryKey;
}

/** The record with the library key wrapped by a new passphrase: no row is rewritten, the old passphrase opens nothing. */
export async function withNewPassphrase(record: ProtectionRecord, libraryKey: Uint8Array, passphrase: string, params?: Argon2Params): Promise<ProtectionRecord> {
  return { ...record, byPassphrase: await wrapWithPassphrase(libraryKey, passphrase, params ?? (await calibrateArgon2())) };
}

/** The record with a new recovery key (the old one opens nothing), and that key, to show once. */
export async function withNewRecoveryKey(record: ProtectionRecord, libraryKey: Uint8Array): Promise<{ record: ProtectionRecord; recoveryKey: string }> {
  const recoveryKey = newRecoveryKey();
  return { record: { ...record, byRecoveryKey: await wrapWithRecoveryKey(libraryKey, recoveryKey) }, recoveryKey };
}

/** The inbox's private half (PKCS #8), opened with the record key: what opens the saves made while locked. */
export function inboxPrivateKey(record: ProtectionRecord, keys: LibraryKeys): Uint8Array {
  const sealed = fromBase64(record.inboxPrivateKey);
  if (!sealed) throw new SealBroken();
  return openBytes(keys.records, sealed, INBOX_KEY_CONTEXT);
}

/** The inbox's public key, for sealing a save while the library is locked. */
export function inboxPublicKey(record: ProtectionRecord): Uint8Array {
  const key = fromBase64(record.inboxPublicKey);
  if (!key || key.length !== 65) throw new SealBroken();
  return key;
}
