import { defineConfig } from 'vitest/config';

// Unit and corpus tests run in Node; the DOM they need is a jsdom window they create themselves,
// and the database is fake-indexeddb (Blobs fail under jsdom's environment, so not that either).
// The three-set capture-quality report takes five minutes of jsdom: `npm run corpus` runs it.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/unit/**/*.test.ts', 'tests/corpus/readability-corpus.test.ts'],
    testTimeout: 30_000,
    // Both cores: vitest keeps one free by default, and the corpus file alone takes two minutes.
    maxWorkers: 2,
  },
});
