import type { LibraryDatabase } from '../store/db';
import { toBase64 } from './encoding';
import { libraryKey, type StoredKey } from './signing-key';

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

/** SPKI, base64, as the recommendation writes `publicKey`. */
export type PackageKey = StoredKey;

export function packageKey(db: LibraryDatabase): Promise<PackageKey> {
  return libraryKey(db, PACKAGE_KEY_ID, async () => {
    const pair = (await crypto.subtle.generateKey(PACKAGE_KEY_ALGORITHM, false, ['sign', 'verify'])) as CryptoKeyPair;
    return { privateKey: pair.privateKey, publicKey: toBase64(new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey))) };
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
