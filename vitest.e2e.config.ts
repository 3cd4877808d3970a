import { defineConfig } from 'vitest/config';

// Real browsers, one file at a time: two cores cannot run several browsers well, and each file
// drives its own browser through a whole user journey, so tests inside a file run in order.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/build/**/*.test.ts', 'tests/e2e/**/*.e2e.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
