import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../dist/cli/samizdat.mjs', import.meta.url));
const PAGE = fileURLToPath(new URL('../fixtures/pages/shift-jis.html', import.meta.url));

it('the built samizdat command runs on its own in Node', () => {
  const run = spawnSync(process.execPath, [BIN, 'capture', PAGE, '--url', 'https://example.jp/a'], { encoding: 'utf8' });
  expect(run.stderr).toContain('as shift_jis (from <meta http-equiv>)');
  expect(run.status).toBe(0);
  expect(JSON.parse(run.stdout).capture.title).toBe('北部地区の住民、病院閉鎖に反対');
});

it('the built command captures a page whose CSS jsdom cannot parse', () => {
  const page = fileURLToPath(new URL('../fixtures/pages/scss-left-in.html', import.meta.url));
  const run = spawnSync(process.execPath, [BIN, 'capture', page, '--url', 'https://courier.example/2024/ferry'], { encoding: 'utf8' });
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.status).toBe(0);
  expect(JSON.parse(run.stdout).capture.title).toBe('Ferry service to the islands cut to twice a week');
});
