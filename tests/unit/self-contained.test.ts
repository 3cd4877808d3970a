import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;

/** Every file git tracks: what a clone of the repository holds. */
function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
}

describe('the repository stands alone', () => {
  it('has no file that reads from a folder beside the checkout', () => {
    // Built from pieces, so that this file does not name what it looks for.
    const outside = ['..', 'shared'].join('/');
    const offenders = trackedFiles().filter((file) => !/\.(png|gz|jpg|gif|ico|woff2?)$/.test(file) && readFileSync(`${ROOT}${file}`, 'utf8').includes(outside));
    expect(offenders).toEqual([]);
  });

  it('holds every fixture the tests name, with a licence beside the data written by others', () => {
    const files = new Set(trackedFiles());
    for (const file of [
      'scripts/sample-site/article.html',
      'scripts/sample-site/article-edited.html',
      'scripts/sample-site/paratroopers.png',
      'tests/fixtures/README.md',
      'tests/fixtures/readability/LICENSE.readability.md',
      'tests/fixtures/readability/bbc-1/source.html.gz',
      'tests/fixtures/xss/LICENSE',
      'tests/fixtures/xss/dompurify-expect.json',
      'tests/fixtures/html5lib/LICENSE',
      'tests/fixtures/html5lib/tree-construction/tests1.dat.gz',
      'tests/fixtures/replaywebpage/LICENSE',
      'tests/fixtures/replaywebpage/sw.js.gz',
    ]) expect(files.has(file), file).toBe(true);
    expect([...files].filter((f) => /^tests\/fixtures\/readability\/[^/]+\/source\.html\.gz$/.test(f))).toHaveLength(130);
  });
});
