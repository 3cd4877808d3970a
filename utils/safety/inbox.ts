import { SealBroken } from './sealed';

/**
 * Saving while the library is locked (issue 25): a copy is sealed to the library's public key,
 * which is kept in the clear, so the toolbar button works without the passphrase; only the private
 * half, itself sealed with the library's record key, opens it at the next unlock. Each copy gets a
 * fresh ephemeral ECDH P-256 key (WebCrypto in every browser the manifest names), HKDF-SHA-256
 * and AES-GCM: the scheme of ECIES, with the ephemeral public key bound into the derivation.
 */

const FORMAT = 1;
const POINT_BYTES = 65;
const IV_BYTES = 12;
const CURVE = { name: 'ECDH', namedCurve: 'P-256' } as const;
const INFO = new TextEncoder().encode('samizdat inbox v1');

/** A new inbox key pair: the public half to keep in the clear, the private half (PKCS #8) to seal with the record key. */
export async function newInboxKeys(): Promise<{ publicKey: Uint8Array; privateKey: Uint8Array }> {
  const pair = (await crypto.subtle.generateKey(CURVE, true, ['deriveBits'])) as CryptoKeyPair;
  const [publicKey, privateKey] = await Promise.all([crypto.subtle.exportKey('raw', pair.publicKey), crypto.subtle.exportKey('pkcs8', pair.privateKey)]);
  return { publicKey: new Uint8Array(publicKey), privateKey: new Uint8Array(privateKey) };
}

async function envelopeKey(shared: ArrayBuffer, ephemeral: Uint8Array, usage: KeyUsage): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', shared, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: ephemeral as Uint8Array<ArrayBuffer>, info: INFO }, base, { name: 'AES-GCM', length: 256 }, false, [usage]);
}

/** Bytes sealed to the inbox's public key: [format][ephemeral point, 65][nonce, 12][ciphertext and tag]. */
export async function sealToInbox(publicKey: Uint8Array, bytes: Uint8Array): Promise<Uint8Array> {
  const recipient = await crypto.subtle.importKey('raw', publicKey as Uint8Array<ArrayBuffer>, CURVE, false, []);
  const ephemeral = (await crypto.subtle.generateKey(CURVE, true, ['deriveBits'])) as CryptoKeyPair;
  const point = new Uint8Array(await crypto.subtle.exportKey('raw', ephemeral.publicKey));
  const shared = await crypto.subtle.deriveBits({ name: 'ECDH', public: recipient }, ephemeral.privateKey, 256);
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const cipher = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: point }, await envelopeKey(shared, point, 'encrypt'), bytes as Uint8Array<ArrayBuffer>);
  const out = new Uint8Array(1 + POINT_BYTES + IV_BYTES + cipher.byteLength);
  out[0] = FORMAT;
  out.set(point, 1);
  out.set(iv, 1 + POINT_BYTES);
  out.set(new Uint8Array(cipher), 1 + POINT_BYTES + IV_BYTES);
  return out;
}

/** The bytes sealToInbox sealed, opened with the inbox's private half (PKCS #8); SealBroken otherwise. */
export async function openFromInbox(privateKey: Uint8Array, sealed: Uint8Array): Promise<Uint8Array> {
  if (!(sealed instanceof Uint8Array) || sealed.length < 1 + POINT_BYTES + IV_BYTES + 16 || sealed[0] !== FORMAT) throw new SealBroken();
  const bytes = sealed as Uint8Array<ArrayBuffer>;
  const point = bytes.subarray(1, 1 + POINT_BYTES);
  try {
    const [own, ephemeral] = await Promise.all([
      crypto.subtle.importKey('pkcs8', privateKey as Uint8Array<ArrayBuffer>, CURVE, false, ['deriveBits']),
      crypto.subtle.importKey('raw', point, CURVE, false, []),
    ]);
    const shared = await crypto.subtle.deriveBits({ name: 'ECDH', public: ephemeral }, own, 256);
    const iv = bytes.subarray(1 + POINT_BYTES, 1 + POINT_BYTES + IV_BYTES);
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: point }, await envelopeKey(shared, point, 'decrypt'), bytes.subarray(1 + POINT_BYTES + IV_BYTES));
    return new Uint8Array(plain);
  } catch {
    throw new SealBroken();
  }
}
