import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../helpers/cli';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../utils/integrity/hash';
import { fingerprint, publicKeyPem } from '../../utils/integrity/signature';
import { signingKey } from '../../utils/integrity/signing-key';
import { saveCapture } from '../../utils/store/save-capture';
import { exportBytes, rewrite } from '../helpers/archive';
import { freshLibrary } from '../helpers/db';
import { captureSeed } from '../helpers/seed';
import { main } from '../../cli/commands';
import { encryptFile } from '../../utils/archive/encrypted-file';

const dir = mkdtempSync(join(tmpdir(), 'samizdat-verify-'));

const run = runCommand;

async function archiveOnDisk(edit?: (files: Record<string, Uint8Array>) => void) {
  const db = freshLibrary();
  await saveCapture(db, captureSeed('article.html'), 1000);
  await saveCapture(db, captureSeed('article-edited.html'), 2000);
  let bytes = await exportBytes(db);
  if (edit) bytes = rewrite(bytes, edit);
  const path = join(dir, `${await sha256Hex(bytes)}.zip`);
  writeFileSync(path, bytes);
  return { path, key: (await signingKey(db)).publicKey };
}

describe('samizdat verify', () => {
  it('prints every file and copy as holding, names the signing key, and exits 0', async () => {
    const { path, key } = await archiveOnDisk();
    const { code, out } = await run('verify', path);
    expect(code).toBe(0);
    expect(out).toContain(`Exported and signed by key ${await fingerprint(key)}: signature valid`);
    expect(out).toMatch(/^ok {7}index\.html$/m);
    expect(out).toMatch(/^ok {7}data\/snapshots\/[0-9a-f]{64}\.json$/m);
    expect(out.match(/^ok {7}copy [0-9a-f]{64} “.+”: content matches its hash, signature valid$/gm)).toHaveLength(2);
    expect(out).toMatch(/Result: everything holds: \d+ files and 2 saved copies/);
  });

  it('accepts the exporter’s key as PEM or fingerprint, and fails on any other', async () => {
    const { path, key } = await archiveOnDisk();
    const pem = join(dir, 'journalist.pem');
    writeFileSync(pem, publicKeyPem(key));
    expect((await run('verify', path, '--key', pem)).code).toBe(0);
    expect((await run('verify', path, '--key', await fingerprint(key))).code).toBe(0);
    const other = await run('verify', path, '--key', 'ab'.repeat(32), '--quiet');
    expect(other.code).toBe(1);
    expect(other.out).toContain('NOT the key you expected');
  });

  it('names the altered file and exits 1', async () => {
    const { path } = await archiveOnDisk((files) => {
      const name = Object.keys(files).find((n) => n.startsWith('articles/'))!;
      files[name] = new TextEncoder().encode(new TextDecoder().decode(files[name]).replace('<article', '<article data-x="1"'));
    });
    const { code, out } = await run('verify', path, '--quiet');
    expect(code).toBe(1);
    expect(out).toMatch(/^FAILED {3}altered: articles\/[0-9a-f]{64}\.html \(its SHA-256 differs from the manifest’s\)$/m);
    expect(out).not.toMatch(/^ok /m);
    expect(out).toContain('Do not trust this archive');
  });

  it('says why it cannot check a file that is no archive, and exits 1; usage errors exit 2', async () => {
    const path = join(dir, 'notes.zip');
    writeFileSync(path, 'just some notes');
    const { code, out } = await run('verify', path);
    expect(code).toBe(1);
    expect(out).toContain('not a ZIP archive');
    expect((await run('verify')).code).toBe(2);
    expect((await run('verify', join(dir, 'absent.zip'))).code).toBe(2);
  });

  it('checks an archive encrypted with a passphrase, in memory, given the passphrase in a file or typed; a wrong one exits 1', async () => {
    const { path } = await archiveOnDisk();
    const sealed = `${path}.age`;
    // scrypt's cost lowered for speed: the reading is the same at age's 2^18 (tests/unit/encrypted-file.test.ts).
    writeFileSync(sealed, new Uint8Array(await (await encryptFile(new Blob([readFileSync(path)]), 'Минск 2020 — свобода', 10)).arrayBuffer()));
    const passphraseFile = join(dir, 'passphrase.txt');
    writeFileSync(passphraseFile, 'Минск 2020 — свобода\n');
    const opened = await run('verify', sealed, '--passphrase-file', passphraseFile, '--quiet');
    expect(opened.code).toBe(0);
    expect(opened.out).toContain(`Decrypted ${sealed} with its passphrase (age); every chunk was authenticated`);
    expect(opened.out).toMatch(/Result: everything holds: \d+ files and 2 saved copies/);

    let asked = '';
    let out = '';
    const typed = await main(['verify', sealed, '--quiet'], { out: (t) => (out += t), err: () => {}, askPassphrase: async (prompt) => ((asked = prompt), 'Минск 2020 — свобода') });
    expect(typed).toBe(0);
    expect(asked).toBe(`Passphrase for ${sealed}: `);

    writeFileSync(passphraseFile, 'Минск 2021\n');
    const wrong = await run('verify', sealed, '--passphrase-file', passphraseFile);
    expect(wrong.code).toBe(1);
    expect(wrong.out).toBe(`FAILED   ${sealed}: the passphrase does not open it\nResult: nothing in this encrypted file could be checked.\n`);

    // No terminal and no passphrase file: said, with how to give one.
    const unasked = await run('verify', sealed);
    expect(unasked.code).toBe(2);
    expect(unasked.err).toContain('is encrypted; run samizdat verify in a terminal to type its passphrase, or give it with --passphrase-file <file>');
    const damaged = readFileSync(sealed);
    damaged[damaged.length - 5] = damaged[damaged.length - 5]! ^ 1;
    writeFileSync(sealed, damaged);
    writeFileSync(passphraseFile, 'Минск 2020 — свобода');
    const cut = await run('verify', sealed, '--passphrase-file', passphraseFile);
    expect(cut.code).toBe(1);
    expect(cut.out).toMatch(/it is damaged: the file was changed or cut short after it was encrypted/);
  });
});
