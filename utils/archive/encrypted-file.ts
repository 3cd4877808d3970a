import { armor, Decrypter, Encrypter } from 'age-encryption';
import { AGE_HEADER, EncryptedFileRefused, HEADER_BYTES, startsArmored } from './age-file';

export * from './age-file';

/**
 * Files encrypted with a passphrase in the age format (https://age-encryption.org/v1), through
 * `age-encryption`, the TypeScript port by age's own author: an export that is safe on a USB
 * stick, which `age -d` decrypts on any machine, and which Import… and `samizdat verify` open
 * when given the passphrase. The passphrase goes through scrypt (age's work factor 2^18: about a
 * second), the file through ChaCha20-Poly1305 in 64 KiB chunks, each authenticated: a changed,
 * cut or extended file is refused, never half read. The one place the extension reads or writes age.
 */

/**
 * The file encrypted with the passphrase, read and written a chunk at a time (an archive may be
 * gigabytes). `workFactor` is scrypt's log2 cost; only tests lower it, the product keeps age's.
 */
export async function encryptFile(file: Blob, passphrase: string, workFactor?: number): Promise<Blob> {
  if (!passphrase) throw new Error('an empty passphrase protects nothing');
  const encrypter = new Encrypter();
  encrypter.setPassphrase(passphrase);
  if (workFactor !== undefined) encrypter.setScryptWorkFactor(workFactor);
  const encrypted = await encrypter.encrypt(file.stream() as ReadableStream<Uint8Array>);
  return new Response(encrypted as ReadableStream<Uint8Array<ArrayBuffer>>).blob();
}

/**
 * The plain file, or EncryptedFileRefused saying why not. Every chunk is authenticated before the
 * Blob is whole, so a caller never gets part of a damaged file.
 */
export async function decryptFile(file: Blob, passphrase: string): Promise<Blob> {
  if (startsArmored(new Uint8Array(await file.slice(0, HEADER_BYTES).arrayBuffer()))) file = await unarmored(file);
  const stanzas = await stanzaTypes(file);
  if (!stanzas) throw new EncryptedFileRefused('damaged', 'this is not an age file, or its header is damaged');
  if (!stanzas.includes('scrypt')) throw new EncryptedFileRefused('not-passphrase', `encrypted for an age key (${stanzas.join(', ')}), not with a passphrase`);
  const decrypter = new Decrypter();
  decrypter.addPassphrase(passphrase);
  let plain: ReadableStream<Uint8Array>;
  try {
    plain = await decrypter.decrypt(file.stream() as ReadableStream<Uint8Array>);
  } catch (error) {
    // age says "no identity matched" when the passphrase's key does not open the file key; any
    // other header failure (its MAC, a malformed stanza) means the header was changed.
    const message = (error as Error).message;
    if (/no identity matched/i.test(message)) throw new EncryptedFileRefused('wrong-passphrase', 'the passphrase does not open this file');
    throw new EncryptedFileRefused('damaged', message);
  }
  try {
    return await new Response(plain as ReadableStream<Uint8Array<ArrayBuffer>>).blob();
  } catch (error) {
    throw new EncryptedFileRefused('damaged', `the file was changed or cut short after it was encrypted (${(error as Error).message})`);
  }
}

/**
 * The binary file inside an armoured one. Armour is for mail, so such files are small: it is
 * decoded whole, strictly (a changed line length or character is refused, as age refuses it).
 */
async function unarmored(file: Blob): Promise<Blob> {
  try {
    return new Blob([armor.decode(await file.text()) as Uint8Array<ArrayBuffer>]);
  } catch (error) {
    throw new EncryptedFileRefused('damaged', `its ASCII armour is damaged (${(error as Error).message})`);
  }
}

/** The recipient types the header names (`scrypt`, `X25519`…), or null when it is not an age header. */
async function stanzaTypes(file: Blob): Promise<string[] | null> {
  // A passphrase file's header is one short stanza; a few kilobytes hold any header worth reading.
  const head = new TextDecoder('utf-8', { fatal: false }).decode(await file.slice(0, 8192).arrayBuffer());
  if (!head.startsWith(AGE_HEADER)) return null;
  const end = head.indexOf('\n---');
  if (end < 0) return null;
  const types = head
    .slice(AGE_HEADER.length, end)
    .split('\n')
    .filter((line) => line.startsWith('-> '))
    .map((line) => line.slice(3).split(' ')[0]!);
  return types.length ? types : null;
}
