import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { openBytes, SEAL_OVERHEAD, SealBroken, sealBytes } from './sealed';

/**
 * Saving while the library is locked (issue 25): a copy is sealed to the library's public key,
 * which is kept in the clear, so the toolbar button works without the passphrase; only the private
 * half, itself sealed with the library's record key, opens it at the next unlock. Each copy gets a
 * fresh ephemeral ECDH P-256 key (WebCrypto, in every browser the manifest names), HKDF-SHA-256
 * over the shared secret with the ephemeral point as salt, and the library's one cipher
 * (sealed.ts): the scheme of ECIES. Sealed and opened outside any transaction, so WebCrypto's
 * awaits are safe here.
 */

const FORMAT = 1;
const POINT_BYTES = 65;
const CURVE = { name: 'ECDH', namedCurve: 'P-256' } as const;
const INFO = new TextEncoder().encode('samizdat inbox v1');
const CONTEXT = 'samizdat inbox v1';

/** A new inbox key pair: the public half to keep in the clear, the private half (PKCS #8) to seal with the record key. */
export async function newInboxKeys(): Promise<{ publicKey: Uint8Array; privateKey: Uint8Array }> {
  const pair = (await crypto.subtle.generateKey(CURVE, true, ['deriveBits'])) as CryptoKeyPair;
  const [publicKey, privateKey] = await Promise.all([crypto.subtle.exportKey('raw', pair.publicKey), crypto.subtle.exportKey('pkcs8', pair.privateKey)]);
  return { publicKey: new Uint8Array(publicKey), privateKey: new Uint8Array(privateKey) };
}

const envelopeKey = (shared: ArrayBuffer, point: Uint8Array) => hkdf(sha256, new Uint8Array(shared), point, INFO, 32);

/** Bytes sealed to the inbox's public key: [format][ephemeral point, 65 bytes][sealed bytes]. */
export async function sealToInbox(publicKey: Uint8Array, bytes: Uint8Array): Promise<Uint8Array> {
  const recipient = await crypto.subtle.importKey('raw', publicKey as Uint8Array<ArrayBuffer>, CURVE, false, []);
  const ephemeral = (await crypto.subtle.generateKey(CURVE, true, ['deriveBits'])) as CryptoKeyPair;
  const point = new Uint8Array(await crypto.subtle.exportKey('raw', ephemeral.publicKey));
  const shared = await crypto.subtle.deriveBits({ name: 'ECDH', public: recipient }, ephemeral.privateKey, 256);
  const sealed = sealBytes(envelopeKey(shared, point), bytes, CONTEXT);
  const out = new Uint8Array(1 + POINT_BYTES + sealed.length);
  out[0] = FORMAT;
  out.set(point, 1);
  out.set(sealed, 1 + POINT_BYTES);
  return out;
}

/** The bytes sealToInbox sealed, opened with the inbox's private half (PKCS #8); SealBroken otherwise. */
export async function openFromInbox(privateKey: Uint8Array, sealed: Uint8Array): Promise<Uint8Array> {
  if (!(sealed instanceof Uint8Array) || sealed.length < 1 + POINT_BYTES + SEAL_OVERHEAD || sealed[0] !== FORMAT) throw new SealBroken();
  const point = (sealed as Uint8Array<ArrayBuffer>).subarray(1, 1 + POINT_BYTES);
  let shared: ArrayBuffer;
  try {
    const [own, ephemeral] = await Promise.all([
      crypto.subtle.importKey('pkcs8', privateKey as Uint8Array<ArrayBuffer>, CURVE, false, ['deriveBits']),
      crypto.subtle.importKey('raw', point, CURVE, false, []),
    ]);
    shared = await crypto.subtle.deriveBits({ name: 'ECDH', public: ephemeral }, own, 256);
  } catch {
    // Not a point on the curve (the bytes were changed), or not a private key of ours.
    throw new SealBroken();
  }
  // The point is the salt: a changed point gives another key, and the seal does not open.
  return openBytes(envelopeKey(shared, point), sealed.subarray(1 + POINT_BYTES), CONTEXT);
}
