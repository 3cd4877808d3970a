import type { LibraryDatabase } from '../store/db';
import { toBase64 } from './encoding';
import { SIGNATURE_ALGORITHM, type SigningKey } from './signature';

export const SIGNING_KEY_ID = 'signing';

const pending = new WeakMap<LibraryDatabase, Promise<SigningKey>>();

/**
 * This library's signing key, made on first use. The private key is generated non-extractable, so
 * it can sign but script cannot read it out (the browser's key store keeps it, inside IndexedDB).
 * Two contexts may race to make one: the first to store it wins and the other uses it.
 */
export function signingKey(db: LibraryDatabase): Promise<SigningKey> {
  let key = pending.get(db);
  if (!key) {
    key = loadOrCreate(db).catch((error) => {
      pending.delete(db);
      throw error;
    });
    pending.set(db, key);
  }
  return key;
}

async function loadOrCreate(db: LibraryDatabase): Promise<SigningKey> {
  const stored = await db.keys.get(SIGNING_KEY_ID);
  if (stored) return { privateKey: stored.privateKey, publicKey: stored.publicKey };
  const pair = (await crypto.subtle.generateKey(SIGNATURE_ALGORITHM, false, ['sign', 'verify'])) as CryptoKeyPair;
  const publicKey = toBase64(new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey)));
  return db.transaction('rw', db.keys, async () => {
    const winner = await db.keys.get(SIGNING_KEY_ID);
    if (winner) return { privateKey: winner.privateKey, publicKey: winner.publicKey };
    await db.keys.add({ id: SIGNING_KEY_ID, privateKey: pair.privateKey, publicKey, createdAt: Date.now() });
    return { privateKey: pair.privateKey, publicKey };
  });
}

