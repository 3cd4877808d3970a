import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { saveCapture } from '../../utils/store/save-capture';
import { exportBytes, rewrite } from '../helpers/archive';
import { freshLibrary } from '../helpers/db';
import { captureSeed } from '../helpers/seed';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PAGE = fileURLToPath(new URL('../fixtures/pages/cp1251.html', import.meta.url));

/**
 * Issue 21, the verifier a stranger can install: `npm pack` builds the command and packs it alone;
 * `npm install -g` of the tarball, into a prefix of its own, gives a `samizdat` that verifies an
 * archive and captures a page, run from an empty folder with nothing on its PATH but Node.
 * (npm takes the dependencies from its cache, which `npm ci` filled: no network is needed.)
 */
describe('the packed command-line package', () => {
  const work = mkdtempSync(join(tmpdir(), 'samizdat-pack-'));
  const prefix = join(work, 'prefix');
  const empty = mkdtempSync(join(tmpdir(), 'samizdat-stranger-'));
  let tarball: string;
  let files: string[];

  beforeAll(() => {
    // The prepack script (it builds the command) prints to stdout before npm's JSON does.
    const said = execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const [packed] = JSON.parse(said.slice(said.search(/^\[/m)));
    tarball = join(work, packed.filename);
    files = packed.files.map((f: { path: string }) => f.path).sort();
    const install = spawnSync('npm', ['install', '--global', '--prefix', prefix, tarball, '--prefer-offline', '--no-audit', '--no-fund'], { cwd: work, encoding: 'utf8' });
    expect(install.status, install.stderr).toBe(0);
    // Nothing to run at install: no script that would need the project's development tools.
    expect(install.stderr).not.toContain('install-scripts');
  }, 180_000);

  /** The installed command, as a stranger runs it: from an empty folder, with only Node on the PATH. */
  const samizdat = (...args: string[]) =>
    spawnSync(join(prefix, 'bin', 'samizdat'), args, { cwd: empty, encoding: 'utf8', env: { PATH: `${dirname(process.execPath)}:/usr/bin:/bin` } });

  it('holds the built command and only what it needs at run time', () => {
    expect(files).toEqual(['LICENSE', 'README.md', 'dist/cli/samizdat.mjs', 'package.json']);
    expect(readdirSync(join(prefix, 'lib', 'node_modules', 'samizdat', 'node_modules'))).not.toContain('wxt');
  });

  it('verifies an archive, and refuses it once tampered with', async () => {
    const db = freshLibrary();
    await saveCapture(db, captureSeed('article.html'), 1000);
    const archive = await exportBytes(db);
    writeFileSync(join(empty, 'archive.zip'), archive);
    const ok = samizdat('verify', 'archive.zip');
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('1 copy signed at capture');

    writeFileSync(join(empty, 'tampered.zip'), rewrite(archive, (f) => {
      const name = Object.keys(f).find((n) => n.startsWith('articles/'))!;
      f[name] = new TextEncoder().encode(new TextDecoder().decode(f[name]).replace('Approximately 60', 'Approximately 6'));
    }));
    const refused = samizdat('verify', 'tampered.zip');
    expect(refused.status).toBe(1);
    expect(refused.stdout).toMatch(/FAILED.*articles\//);
  });

  it('captures a page', () => {
    const run = samizdat('capture', PAGE, '--url', 'https://gazeta.example/2024/story');
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('as windows-1251 (from <meta');
    expect(JSON.parse(run.stdout).capture.title).toBe('Жители вышли на защиту районной больницы');
  });

  it('answers --help', () => {
    const run = samizdat('--help');
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('samizdat verify');
  });
});
