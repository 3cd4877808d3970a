import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openFromInbox, newInboxKeys, sealToInbox } from '../../utils/safety/inbox';
import { createProtection, inboxPrivateKey, inboxPublicKey, unlockProtection, withNewPassphrase, withNewRecoveryKey, type ProtectionRecord } from '../../utils/safety/protection';
import {
  calibrateArgon2,
  DEFAULT_ARGON2,
  KeyRefused,
  libraryKeys,
  newLibraryKey,
  newRecoveryKey,
  recoveryKeyBytes,
  unwrapWithPassphrase,
  unwrapWithRecoveryKey,
  wrapWithPassphrase,
  wrapWithRecoveryKey,
  type WrappedKey,
} from '../../utils/safety/library-key';
import { forgetOpened, keyedTerm, openBytes, openRecord, SealBroken, sealBytes } from '../../utils/safety/sealed';

/** A record sealed as JSON, and opened back: how the tests seal a value. */
const sealValue = (key: Uint8Array, value: unknown, context: string) => sealBytes(key, new TextEncoder().encode(JSON.stringify(value)), context);
const openValue = (key: Uint8Array, sealed: Uint8Array, context: string): unknown => JSON.parse(new TextDecoder().decode(openBytes(key, sealed, context)));

/** Argon2id at a few KiB: the tests check what is wrapped and refused, not how slow it is. */
const QUICK = { m: 256, t: 2, p: 1 };
const PASSPHRASE = 'метро ночью, без зонта 1984';

/** Whether any run of the text, in UTF-8 or UTF-16 either way, is in the bytes. */
function shows(bytes: Uint8Array, text: string): boolean {
  const haystack = Buffer.from(bytes);
  const le = Buffer.from(text, 'utf16le');
  return [Buffer.from(text, 'utf8'), le, Buffer.from(le).swap16()].some((needle) => haystack.includes(needle));
}

/** How a call refused: KeyRefused's reason, or 'broken' for SealBroken; 'opened' if it did not refuse. */
async function refusal(call: () => unknown): Promise<string> {
  try {
    await call();
  } catch (error) {
    if (error instanceof KeyRefused) return error.reason;
    if (error instanceof SealBroken) return 'broken';
    throw error;
  }
  return 'opened';
}

describe('the library key wrapped by a passphrase', () => {
  it('opens with the passphrase, in any Unicode composition, and with nothing else', async () => {
    const key = newLibraryKey();
    const wrapped = await wrapWithPassphrase(key, PASSPHRASE, QUICK);
    expect(wrapped).toMatchObject({ v: 1, by: 'passphrase', kdf: 'argon2id', ...QUICK });
    expect(await unwrapWithPassphrase(wrapped, PASSPHRASE)).toEqual(key);
    // "й" typed as one character or as и + a combining breve is the same passphrase.
    expect(await unwrapWithPassphrase(wrapped, PASSPHRASE.normalize('NFD'))).toEqual(key);
    expect(await refusal(() => unwrapWithPassphrase(wrapped, PASSPHRASE + ' '))).toBe('wrong-secret');
    expect(await refusal(() => unwrapWithPassphrase(wrapped, ''))).toBe('wrong-secret');
    // Nothing of the key or the passphrase is in what is stored.
    const stored = new TextEncoder().encode(JSON.stringify(wrapped));
    expect(shows(stored, PASSPHRASE)).toBe(false);
    expect(Buffer.from(stored).includes(Buffer.from(key))).toBe(false);
  });

  it('uses the costs stored with it: changed costs or salt do not open it, absurd costs are refused before any work', async () => {
    const wrapped = await wrapWithPassphrase(newLibraryKey(), PASSPHRASE, QUICK);
    expect(await refusal(() => unwrapWithPassphrase({ ...wrapped, t: 3 } as WrappedKey, PASSPHRASE))).toBe('wrong-secret');
    expect(await refusal(() => unwrapWithPassphrase({ ...wrapped, m: 512 } as WrappedKey, PASSPHRASE))).toBe('wrong-secret');
    const salt = Buffer.from(wrapped.salt, 'base64');
    salt[0]! ^= 1;
    expect(await refusal(() => unwrapWithPassphrase({ ...wrapped, salt: salt.toString('base64') }, PASSPHRASE))).toBe('wrong-secret');
    // A tampered record asking for 64 GiB or a million passes is refused at once, not run.
    for (const costs of [{ m: 64 * 1024 * 1024 }, { t: 1_000_000 }, { p: 0 }, { m: 1.5 }, { m: -1 }]) {
      expect(await refusal(() => unwrapWithPassphrase({ ...wrapped, ...costs } as WrappedKey, PASSPHRASE))).toBe('damaged');
    }
    for (const broken of [{ salt: 'not base64!' }, { sealed: wrapped.sealed.slice(4) }, { kdf: 'scrypt' }, { v: 2 }]) {
      expect(await refusal(() => unwrapWithPassphrase({ ...wrapped, ...broken } as WrappedKey, PASSPHRASE))).toBe('damaged');
    }
  });

  it('changes the passphrase by wrapping the same key again: the new one opens it, the old one no longer opens the new wrapping', async () => {
    const key = newLibraryKey();
    const first = await wrapWithPassphrase(key, PASSPHRASE, QUICK);
    const opened = await unwrapWithPassphrase(first, PASSPHRASE);
    const second = await wrapWithPassphrase(opened, 'другая фраза, подлиннее', QUICK);
    expect(await unwrapWithPassphrase(second, 'другая фраза, подлиннее')).toEqual(key);
    expect(await refusal(() => unwrapWithPassphrase(second, PASSPHRASE))).toBe('wrong-secret');
    // A fresh salt and nonce: the two wrappings share nothing an observer could match.
    expect(second.salt).not.toBe(first.salt);
    expect(second.sealed).not.toBe(first.sealed);
  });

  it('calibrates Argon2id to about a second on this machine: 64 MiB, between two and ten passes', async () => {
    expect(await calibrateArgon2(async () => 100)).toEqual({ ...DEFAULT_ARGON2, t: 10 });
    expect(await calibrateArgon2(async () => 250)).toEqual({ ...DEFAULT_ARGON2, t: 4 });
    // A slow laptop still gets two passes, a fast one no more than ten.
    expect(await calibrateArgon2(async () => 2000)).toEqual({ ...DEFAULT_ARGON2, t: 2 });
    expect(await calibrateArgon2(async () => 1)).toEqual({ ...DEFAULT_ARGON2, t: 10 });
    const measured = await calibrateArgon2();
    expect(measured.m).toBe(64 * 1024);
    expect(measured.t).toBeGreaterThanOrEqual(2);
    expect(measured.t).toBeLessThanOrEqual(10);
  });
});

describe('the recovery key', () => {
  it('is 160 random bits in eight groups of four, none alike, with no I, L, O or U to misread', () => {
    const keys = Array.from({ length: 200 }, newRecoveryKey);
    expect(new Set(keys).size).toBe(200);
    for (const key of keys) {
      expect(key).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){7}$/);
      expect(recoveryKeyBytes(key)).toHaveLength(20);
    }
  });

  it('opens the library key as copied by hand: any case, spaces, O for 0, l for 1; a wrong or short key does not', async () => {
    const key = newLibraryKey();
    const recovery = '0123-4567-89AB-CDEF-GHJK-MNPQ-RSTV-WXYZ';
    const wrapped = await wrapWithRecoveryKey(key, recovery);
    expect(await unwrapWithRecoveryKey(wrapped, recovery)).toEqual(key);
    expect(await unwrapWithRecoveryKey(wrapped, ' o123 4567 89ab cdef ghjk mnpq rstv wxyz ')).toEqual(key);
    expect(await unwrapWithRecoveryKey(wrapped, 'Ol23-4567-89AB-CDEF-GHJK-MNPQ-RSTV-WXYZ')).toEqual(key);
    expect(await refusal(() => unwrapWithRecoveryKey(wrapped, '0123-4567-89AB-CDEF-GHJK-MNPQ-RSTV-WXY0'))).toBe('wrong-secret');
    expect(await refusal(() => unwrapWithRecoveryKey(wrapped, '0123-4567'))).toBe('wrong-secret');
    expect(await refusal(() => unwrapWithRecoveryKey(wrapped, '0123-4567-89AB-CDEF-GHJK-MNPQ-RSTV-WXYU'))).toBe('wrong-secret');
    // A recovery wrapping is not a passphrase wrapping, and the other way round.
    expect(await refusal(() => unwrapWithPassphrase(wrapped, recovery))).toBe('damaged');
    const byPassphrase = await wrapWithPassphrase(key, recovery, QUICK);
    expect(await refusal(() => unwrapWithRecoveryKey(byPassphrase, recovery))).toBe('damaged');
  });
});

describe('records sealed with the library key', () => {
  const page = { url: 'https://meduza.io/feature/2022/03/01/voyna', title: 'Война: что известно к утру', tags: ['цензура'], note: '给编辑部看的笔记', persian: 'تجمع ساکنان در دفاع از بیمارستان' };

  it('open only where they were sealed, and show nothing of what they hold', async () => {
    const { records } = libraryKeys(newLibraryKey());
    const sealed = sealValue(records, page, 'pages/Xq3');
    for (const text of [page.url, page.title, page.tags[0]!, page.note, page.persian, 'meduza']) expect(shows(sealed, text), text).toBe(false);
    expect(openValue(records, sealed, 'pages/Xq3')).toEqual(page);
    // The same record sealed twice differs: a reader of the disk cannot tell two copies are one.
    expect(Buffer.from(sealValue(records, page, 'pages/Xq3')).equals(Buffer.from(sealed))).toBe(false);
    // Moved to another row or table, changed by one bit, cut, or opened by another library: refused.
    expect(await refusal(() => openValue(records, sealed, 'pages/Xq4'))).toBe('broken');
    expect(await refusal(() => openValue(records, sealed, 'snapshots/Xq3'))).toBe('broken');
    for (const at of [0, 5, 20, sealed.length - 1]) {
      const changed = Uint8Array.from(sealed);
      changed[at]! ^= 1;
      expect(await refusal(() => openValue(records, changed, 'pages/Xq3')), `bit flipped at ${at}`).toBe('broken');
    }
    expect(await refusal(() => openValue(records, sealed.subarray(0, 20), 'pages/Xq3'))).toBe('broken');
    const other = libraryKeys(newLibraryKey());
    expect(await refusal(() => openValue(other.records, sealed, 'pages/Xq3'))).toBe('broken');
  });

  it('open again from what was opened lately, and still only where they were sealed, by their own library', async () => {
    const { records } = libraryKeys(newLibraryKey());
    const sealed = sealValue(records, page, 'pages/Xq3');
    const open = (key: Uint8Array, bytes: Uint8Array, context: string) => JSON.parse(new TextDecoder().decode(openRecord(key, bytes, context)));
    const flipped = (at: number) => {
      const changed = Uint8Array.from(sealed);
      changed[at]! ^= 1;
      return changed;
    };
    // Changed bytes never opened before are refused, as by openBytes.
    expect(await refusal(() => open(records, flipped(30), 'pages/Xq3'))).toBe('broken');
    expect(open(records, sealed, 'pages/Xq3')).toEqual(page);
    // Read again: the same bytes answered, not decrypted a second time.
    expect(openRecord(records, sealed, 'pages/Xq3')).toBe(openRecord(records, sealed, 'pages/Xq3'));
    // Opened for one place, it does not open for another, with another nonce or tag, or with another key...
    expect(await refusal(() => open(records, sealed, 'pages/Xq4'))).toBe('broken');
    for (const at of [1, 24, sealed.length - 16, sealed.length - 1]) expect(await refusal(() => open(records, flipped(at), 'pages/Xq3')), `bit flipped at ${at}`).toBe('broken');
    expect(await refusal(() => open(libraryKeys(newLibraryKey()).records, sealed, 'pages/Xq3'))).toBe('broken');
    // ...and what its cipher text is changed to under the same nonce and tag gives back only what was sealed there.
    expect(open(records, flipped(30), 'pages/Xq3')).toEqual(page);
    // Forgotten (at a lock), it is decrypted afresh: equal bytes, a new array; changed bytes refused again.
    const before = openRecord(records, sealed, 'pages/Xq3');
    forgetOpened();
    expect(await refusal(() => open(records, flipped(30), 'pages/Xq3'))).toBe('broken');
    const after = openRecord(records, sealed, 'pages/Xq3');
    expect(after).not.toBe(before);
    expect(after).toEqual(before);
    // A big record is never kept.
    const big = sealValue(records, { text: 'слово '.repeat(1000) }, 'bodies/1');
    expect(openRecord(records, big, 'bodies/1')).not.toBe(openRecord(records, big, 'bodies/1'));
  });

  it('seal image bytes as they are', async () => {
    const { records } = libraryKeys(newLibraryKey());
    const image = new Uint8Array(randomBytes(300_000));
    const sealed = sealBytes(records, image, 'assets/abc');
    expect(sealed.length).toBe(image.length + 1 + 24 + 16);
    expect(openBytes(records, sealed, 'assets/abc')).toEqual(image);
  });

  it('index words, tags and addresses by keyed hashes: the same term, the same key, under one library only', async () => {
    const library = newLibraryKey();
    const { index } = libraryKeys(library);
    const again = libraryKeys(library);
    const other = libraryKeys(newLibraryKey());
    const word = keyedTerm(index, 'word', 'москва');
    expect(word).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(keyedTerm(again.index, 'word', 'москва')).toBe(word);
    expect(keyedTerm(index, 'word', 'москвa')).not.toBe(word); // a Latin "a" at the end
    expect(keyedTerm(index, 'tag', 'москва')).not.toBe(word);
    expect(keyedTerm(other.index, 'word', 'москва')).not.toBe(word);
    // Composed or not, one word.
    expect(keyedTerm(index, 'word', 'йод'.normalize('NFD'))).toBe(keyedTerm(index, 'word', 'йод'));
    const terms = ['新闻', 'خبر', 'новини', 'news', page.url].map((term) => keyedTerm(index, 'word', term));
    expect(new Set(terms).size).toBe(5);
  });
});

describe('copies saved while the library is locked', () => {
  it('are sealed to the public key and open only with the private half', async () => {
    const inbox = await newInboxKeys();
    expect(inbox.publicKey).toHaveLength(65);
    const copy = new TextEncoder().encode(JSON.stringify({ title: 'Война: что известно к утру', url: 'https://meduza.io/feature/2022/03/01/voyna' }));
    const sealed = await sealToInbox(inbox.publicKey, copy);
    expect(shows(sealed, 'Война')).toBe(false);
    expect(shows(sealed, 'meduza')).toBe(false);
    expect(await openFromInbox(inbox.privateKey, sealed)).toEqual(copy);
    // Each copy with its own ephemeral key: two seals of one copy share nothing.
    const twice = await sealToInbox(inbox.publicKey, copy);
    expect(Buffer.from(twice.subarray(1, 66)).equals(Buffer.from(sealed.subarray(1, 66)))).toBe(false);
    const stranger = await newInboxKeys();
    expect(await refusal(() => openFromInbox(stranger.privateKey, sealed))).toBe('broken');
    for (const at of [0, 1, 40, 70, sealed.length - 1]) {
      const changed = Uint8Array.from(sealed);
      changed[at]! ^= 1;
      expect(await refusal(() => openFromInbox(inbox.privateKey, changed)), `bit flipped at ${at}`).toBe('broken');
    }
    expect(await refusal(() => openFromInbox(inbox.privateKey, sealed.subarray(0, 50)))).toBe('broken');
  });

  it('keeps the private half sealed with the record key, as the library will store it', async () => {
    const { records } = libraryKeys(newLibraryKey());
    const inbox = await newInboxKeys();
    const stored = sealBytes(records, inbox.privateKey, 'settings/inbox-key');
    const copy = new TextEncoder().encode('saved while locked');
    const sealed = await sealToInbox(inbox.publicKey, copy);
    expect(await openFromInbox(openBytes(records, stored, 'settings/inbox-key'), sealed)).toEqual(copy);
  });
});

describe('the protection record of a library', () => {
  it('opens with the passphrase or the recovery key shown once, holding the inbox key that opens locked saves', async () => {
    const { record, libraryKey, recoveryKey } = await createProtection(PASSPHRASE, QUICK);
    expect(record).toMatchObject({ v: 1, state: 'sealing', byPassphrase: { by: 'passphrase', ...QUICK }, byRecoveryKey: { by: 'recovery-key' } });
    expect(await unlockProtection(record, { passphrase: PASSPHRASE })).toEqual(libraryKey);
    expect(await unlockProtection(record, { recoveryKey: recoveryKey.toLowerCase() })).toEqual(libraryKey);
    expect(await refusal(() => unlockProtection(record, { passphrase: 'not it at all' }))).toBe('wrong-secret');
    expect(await refusal(() => unlockProtection(record, { recoveryKey: newRecoveryKey() }))).toBe('wrong-secret');
    // A copy saved while locked, sealed to the public key kept in the clear, opens once unlocked.
    const copy = new TextEncoder().encode('saved while locked');
    const sealed = await sealToInbox(inboxPublicKey(record), copy);
    expect(await openFromInbox(inboxPrivateKey(record, libraryKeys(await unlockProtection(record, { passphrase: PASSPHRASE }))), sealed)).toEqual(copy);
    // Nothing of the secrets is in what is kept.
    const kept = new TextEncoder().encode(JSON.stringify(record));
    expect(shows(kept, PASSPHRASE) || shows(kept, recoveryKey)).toBe(false);
  });

  it('changes the passphrase and the recovery key without touching the library key', async () => {
    const { record, libraryKey, recoveryKey } = await createProtection(PASSPHRASE, QUICK);
    const renewed = await withNewPassphrase(record, libraryKey, 'новая длинная фраза', QUICK);
    expect(await unlockProtection(renewed, { passphrase: 'новая длинная фраза' })).toEqual(libraryKey);
    expect(await refusal(() => unlockProtection(renewed, { passphrase: PASSPHRASE }))).toBe('wrong-secret');
    expect(await unlockProtection(renewed, { recoveryKey })).toEqual(libraryKey);
    const { record: again, recoveryKey: fresh } = await withNewRecoveryKey(renewed, libraryKey);
    expect(await unlockProtection(again, { recoveryKey: fresh })).toEqual(libraryKey);
    expect(await refusal(() => unlockProtection(again, { recoveryKey }))).toBe('wrong-secret');
  });

  it('refuses a wrapping swapped in from another library, whose key would open none of these rows', async () => {
    const mine = await createProtection(PASSPHRASE, QUICK);
    const theirs = await createProtection(PASSPHRASE, QUICK);
    expect(await refusal(() => unlockProtection({ ...mine.record, byPassphrase: theirs.record.byPassphrase }, { passphrase: PASSPHRASE }))).toBe('damaged');
    expect(await refusal(() => unlockProtection({ ...mine.record, v: 2 } as unknown as ProtectionRecord, { passphrase: PASSPHRASE }))).toBe('damaged');
  });
});
