import type { LibraryDatabase } from '../store/db';
import { toBase64 } from './encoding';
import { SIGNATURE_ALGORITHM, type SigningKey } from './signature';

export const SIGNING_KEY_ID = 'signing';

/** A key the library keeps: the private half (non-extractable) and the public half as text. */
export interface StoredKey {
  privateKey: CryptoKey;
  publicKey: string;
}

const pending = new WeakMap<LibraryDatabase, Map<string, Promise<StoredKey>>>();

/**
 * This library's signing key, made on first use. The private key is generated non-extractable, so
 * it can sign but script cannot read it out (the browser's key store keeps it, inside IndexedDB).
 */
export function signingKey(db: LibraryDatabase): Promise<SigningKey> {
  return libraryKey(db, SIGNING_KEY_ID, async () => {
    const pair = (await crypto.subtle.generateKey(SIGNATURE_ALGORITHM, false, ['sign', 'verify'])) as CryptoKeyPair;
    return { privateKey: pair.privateKey, publicKey: toBase64(new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey))) };
  });
}

/**
 * A key of the library's, by its id in `keys`: read once per database, or made by `make` on first
 * use. Two contexts may race to make one: the first to store it wins and the other uses it.
 */
export function libraryKey(db: LibraryDatabase, id: string, make: () => Promise<StoredKey>): Promise<StoredKey> {
  let keys = pending.get(db);
  if (!keys) pending.set(db, (keys = new Map()));
  let key = keys.get(id);
  if (!key) {
    key = loadOrCreate(db, id, make).catch((error) => {
      keys.delete(id);
      throw error;
    });
    keys.set(id, key);
  }
  return key;
}

async function loadOrCreate(db: LibraryDatabase, id: string, make: () => Promise<StoredKey>): Promise<StoredKey> {
  const stored = await db.keys.get(id);
  if (stored) return { privateKey: stored.privateKey, publicKey: stored.publicKey };
  const made = await make();
  return db.transaction('rw', db.keys, async () => {
    const winner = await db.keys.get(id);
    if (winner) return { privateKey: winner.privateKey, publicKey: winner.publicKey };
    await db.keys.add({ id, ...made, createdAt: Date.now() });
    return made;
  });
}
