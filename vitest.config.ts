import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * The files that take minutes, longest first: started before the rest, so that the two workers
 * end together. A fresh clone (CI) has no record of how long files took, and vitest then starts
 * the largest files first, which put the capture of every html5lib document (two minutes, a small
 * file) last, running alone for about a minute.
 */
const SLOW = ['tests/corpus/readability-corpus.test.ts', 'tests/unit/corpus-exports.test.ts', 'tests/unit/cli-every-page.test.ts'];

class SlowFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const at = SLOW.findIndex((name) => file.moduleId.endsWith(name));
      return at === -1 ? SLOW.length : at;
    };
    // Array.prototype.sort is stable: the other files keep vitest's own order.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

// Unit and corpus tests run in Node; the DOM they need is a jsdom window they create themselves,
// and the database is fake-indexeddb (Blobs fail under jsdom's environment, so not that either).
// The three-set capture-quality report takes five minutes of jsdom: `npm run corpus` runs it.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/unit/**/*.test.ts', 'tests/corpus/readability-corpus.test.ts'],
    testTimeout: 30_000,
    // Set-up that captures corpus pages through jsdom (search.test.ts's six) outlasted vitest's
    // 10 s for hooks on a loaded 2-core machine, which skipped the file's every test.
    hookTimeout: 60_000,
    // Both cores: vitest keeps one free by default, and the corpus file alone takes two minutes.
    maxWorkers: 2,
    sequence: { sequencer: SlowFirst },
  },
});
