import type { LibraryDatabase } from '../store/db';
import { toBase64 } from './encoding';

export const PACKAGE_KEY_ID = 'wacz-signing';

/**
 * The WACZ Signing and Verification recommendation (Webrecorder, wacz-auth 0.1.0) signs a web
 * archive with ECDSA on P-384 and SHA-256; its readers (ReplayWeb.page's wabac.js) import no other
 * curve, and Ed25519, the library's own key, is not among its algorithms. So the library has a
 * second key, for that one signature, made on the first web-archive export and kept as the
 * Ed25519 key is: non-extractable, in the browser's key store.
 */
export const PACKAGE_KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-384' } as const;
export const PACKAGE_SIGN_ALGORITHM = { name: 'ECDSA', hash: 'SHA-256' } as const;

export interface PackageKey {
  privateKey: CryptoKey;
  /** SPKI, base64: as the recommendation writes `publicKey`. */
  publicKey: string;
}

const pending = new WeakMap<LibraryDatabase, Promise<PackageKey>>();

export function packageKey(db: LibraryDatabase): Promise<PackageKey> {
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

async function loadOrCreate(db: LibraryDatabase): Promise<PackageKey> {
  const stored = await db.keys.get(PACKAGE_KEY_ID);
  if (stored) return { privateKey: stored.privateKey, publicKey: stored.publicKey };
  const pair = (await crypto.subtle.generateKey(PACKAGE_KEY_ALGORITHM, false, ['sign', 'verify'])) as CryptoKeyPair;
  const publicKey = toBase64(new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey)));
  return db.transaction('rw', db.keys, async () => {
    const winner = await db.keys.get(PACKAGE_KEY_ID);
    if (winner) return { privateKey: winner.privateKey, publicKey: winner.publicKey };
    await db.keys.add({ id: PACKAGE_KEY_ID, privateKey: pair.privateKey, publicKey, createdAt: Date.now() });
    return { privateKey: pair.privateKey, publicKey };
  });
}

/** The recommendation's signature: raw r‖s (as WebCrypto gives it), base64, over the text's UTF-8. */
export async function signPackageHash(key: PackageKey, hash: string): Promise<string> {
  return toBase64(new Uint8Array(await crypto.subtle.sign(PACKAGE_SIGN_ALGORITHM, key.privateKey, new TextEncoder().encode(hash))));
}

export async function verifyPackageHash(publicKey: Uint8Array, signature: Uint8Array, hash: string): Promise<boolean> {
  try {
    const key = await crypto.subtle.importKey('spki', publicKey as Uint8Array<ArrayBuffer>, PACKAGE_KEY_ALGORITHM, false, ['verify']);
    return await crypto.subtle.verify(PACKAGE_SIGN_ALGORITHM, key, signature as Uint8Array<ArrayBuffer>, new TextEncoder().encode(hash));
  } catch {
    return false;
  }
}
