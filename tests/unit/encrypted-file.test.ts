import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { armor, Encrypter, generateIdentity, identityToRecipient } from 'age-encryption';
import { describe, expect, it } from 'vitest';
import { decryptFile, encryptedName, encryptFile, EncryptedFileRefused, isEncrypted, plainName, type OpenFailure } from '../../utils/archive/encrypted-file';
import { workerEncryption } from '../../utils/archive/worker-encryption';
import { MIN_PASSPHRASE_LENGTH, passphraseStrength, suggestPassphrase } from '../../utils/safety/passphrase';
import { ageDecrypt, ageEncrypt } from '../helpers/age';

const dir = mkdtempSync(join(tmpdir(), 'samizdat-age-'));
const PASSPHRASE = 'река-Нева 河流 rivière 1917';
/** scrypt's cost lowered where the test is not about it: the product keeps age's 2^18. */
const QUICK = 10;

/** Three and a bit chunks of age's 64 KiB, of bytes no text encoding would keep. */
function sampleBytes(): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(3 * 65536 + 1234);
  for (let i = 0; i < bytes.length; i += 65536) crypto.getRandomValues(bytes.subarray(i, Math.min(bytes.length, i + 65536)));
  return bytes;
}

const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());

async function refusal(file: Blob, passphrase: string): Promise<OpenFailure> {
  try {
    await decryptFile(file, passphrase);
  } catch (error) {
    expect(error).toBeInstanceOf(EncryptedFileRefused);
    return (error as EncryptedFileRefused).reason;
  }
  throw new Error('the file was opened');
}

describe('files encrypted with a passphrase (age)', () => {
  it('round-trips every byte, several chunks long, and is recognised by its header alone', async () => {
    const plain = sampleBytes();
    const sealed = await encryptFile(new Blob([plain]), PASSPHRASE, QUICK);
    expect(await isEncrypted(sealed)).toBe(true);
    expect(await isEncrypted(new Blob([plain]))).toBe(false);
    expect(await isEncrypted(new Blob(['PK\x03\x04']))).toBe(false);
    expect(await bytesOf(await decryptFile(sealed, PASSPHRASE))).toEqual(plain);
    // No run of the plain bytes is left in the file.
    expect(Buffer.from(await bytesOf(sealed)).includes(Buffer.from(plain.subarray(1000, 1032)))).toBe(false);
    expect(encryptedName('samizdat-2026-12-07.zip')).toBe('samizdat-2026-12-07.zip.age');
    expect(plainName('samizdat-2026-12-07.zip.AGE')).toBe('samizdat-2026-12-07.zip');
    expect(plainName('library.zip')).toBe('library.zip');
  });

  it('says a wrong passphrase is wrong, and a file encrypted for a key is not for a passphrase', async () => {
    const sealed = await encryptFile(new Blob(['Статья, которую удалили.']), PASSPHRASE, QUICK);
    expect(await refusal(sealed, 'река-нева 河流 rivière 1917')).toBe('wrong-passphrase');
    const forKey = new Encrypter();
    forKey.addRecipient(await identityToRecipient(await generateIdentity()));
    expect(await refusal(new Blob([(await forKey.encrypt('a saved article')) as Uint8Array<ArrayBuffer>]), PASSPHRASE)).toBe('not-passphrase');
    expect(await refusal(new Blob(['PK\x03\x04 a zip, not age']), PASSPHRASE)).toBe('damaged');
  });

  it('refuses a file changed, cut short or extended after it was encrypted, and never returns part of it', async () => {
    const sealed = await bytesOf(await encryptFile(new Blob([sampleBytes()]), PASSPHRASE, QUICK));
    const changed = (at: number) => {
      const copy = sealed.slice();
      copy[at] = copy[at]! ^ 1;
      return new Blob([copy]);
    };
    const headerEnd = new TextDecoder().decode(sealed.subarray(0, 400)).indexOf('\n---') + 1;
    expect(await refusal(changed(sealed.length - 1), PASSPHRASE)).toBe('damaged');
    expect(await refusal(changed(sealed.length - 70_000), PASSPHRASE)).toBe('damaged');
    // The header's MAC, and a stanza's base64, changed.
    expect(await refusal(changed(headerEnd + 10), PASSPHRASE)).toBe('damaged');
    expect(await refusal(new Blob([sealed.subarray(0, sealed.length - 1)]), PASSPHRASE)).toBe('damaged');
    // Cut at a chunk's end: every chunk left is whole and authentic, but the last is not marked last.
    const payload = sealed.length - ((sealed.length - headerEnd) % (65536 + 16));
    expect(await refusal(new Blob([sealed.subarray(0, payload - (65536 + 16))]), PASSPHRASE)).toBe('damaged');
    expect(await refusal(new Blob([sealed, new Uint8Array(20)]), PASSPHRASE)).toBe('damaged');
  });

  it('opens an ASCII-armoured file too (age -a, for mail), and refuses one whose armour was changed', async () => {
    const plain = new TextEncoder().encode('Статья 1: «Ничто не забыто». 第一条。');
    const armored = armor.encode((await bytesOf(await encryptFile(new Blob([plain]), PASSPHRASE, QUICK))) as Uint8Array);
    const file = new Blob([`\r\n${armored.replaceAll('\n', '\r\n')}`]);
    expect(await isEncrypted(file)).toBe(true);
    expect(await bytesOf(await decryptFile(file, PASSPHRASE))).toEqual(plain);
    const lines = armored.split('\n');
    lines[1] = `${lines[1]!.slice(0, -1)}*`;
    expect(await refusal(new Blob([lines.join('\n')]), PASSPHRASE)).toBe('damaged');
  });

  it('writes files the age tool decrypts, with age’s own work factor, and opens files the age tool wrote', async () => {
    const plain = sampleBytes();
    const ours = join(dir, 'ours.zip.age');
    writeFileSync(ours, await bytesOf(await workerEncryption(() => new Worker('unused')).encrypt(new Blob([plain]), PASSPHRASE)));
    expect(readFileSync(ours, 'latin1')).toMatch(/^age-encryption\.org\/v1\n-> scrypt \S+ 18\n/);
    ageDecrypt(ours, PASSPHRASE, join(dir, 'ours.zip'));
    expect(new Uint8Array(readFileSync(join(dir, 'ours.zip')))).toEqual(plain);
    expect(() => ageDecrypt(ours, 'not the passphrase', join(dir, 'wrong.zip'))).toThrow();

    const plainPath = join(dir, 'theirs.zip');
    writeFileSync(plainPath, plain);
    ageEncrypt(plainPath, PASSPHRASE, join(dir, 'theirs.zip.age'));
    const theirs = new Blob([readFileSync(join(dir, 'theirs.zip.age'))]);
    expect(await bytesOf(await decryptFile(theirs, PASSPHRASE))).toEqual(plain);
    expect(await refusal(theirs, 'река')).toBe('wrong-passphrase');
    ageEncrypt(plainPath, PASSPHRASE, join(dir, 'theirs.zip.asc'), { armored: true });
    expect(readFileSync(join(dir, 'theirs.zip.asc'), 'utf8')).toMatch(/^-----BEGIN AGE ENCRYPTED FILE-----\n/);
    expect(await bytesOf(await decryptFile(new Blob([readFileSync(join(dir, 'theirs.zip.asc'))]), PASSPHRASE))).toEqual(plain);
  }, 60_000);
});

describe('passphrases', () => {
  it('calls short, repeated, stepped and dictionary-like ones weak, and long or random ones strong', () => {
    for (const weak of ['1234567890', 'aaaaaaaaaaaa', 'Пароль2024!', 'password123', 'qwertyuiop', 'Ukraine2022!!']) expect(passphraseStrength(weak).strength, weak).toBe('weak');
    expect(passphraseStrength('short').strength).toBe('too-short');
    expect(passphraseStrength('a'.repeat(MIN_PASSPHRASE_LENGTH - 1)).strength).toBe('too-short');
    // Ideographs count twice towards the length: five of them are a phrase, not a short word.
    expect(passphraseStrength('自由新闻报').strength).not.toBe('too-short');
    expect(passphraseStrength('Tr0ub4dor&3xq').strength).toBe('fair');
    for (const strong of ['мама мыла раму вечером у окна', 'correct horse battery staple', 'آزادی بیان حق همه مردم است']) expect(passphraseStrength(strong).strength, strong).toBe('strong');
  });

  it('suggests 25 characters a person can copy, drawn at random, strong by its own measure', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const suggestion = suggestPassphrase();
      expect(suggestion).toMatch(/^[a-hjkmnp-z2-9]{5}(-[a-hjkmnp-z2-9]{5}){4}$/);
      expect(passphraseStrength(suggestion).strength).toBe('strong');
      seen.add(suggestion);
    }
    expect(seen.size).toBe(200);
  });
});
