import { mkdtempSync, writeFileSync } from 'node:fs';
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
});
