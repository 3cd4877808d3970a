import { defineConfig } from 'vitest/config';

// `npm run corpus`: the corpus files, including the three-set capture-quality report, which takes
// about five minutes of jsdom and is not part of `npm test` (tests/corpus/capture-quality.test.ts).
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/corpus/**/*.test.ts'],
    testTimeout: 120_000,
    maxWorkers: 2,
    // jsdom keeps about 12 MB of each page's window after it is closed; 480 pages pass the default heap.
    execArgv: ['--max-old-space-size=8192'],
  },
});
