import { defineConfig } from 'vite';

// The benchmark harness (bench/harness.ts) as one script to evaluate in a page; never shipped.
export default defineConfig({
  build: {
    outDir: 'dist/bench',
    emptyOutDir: true,
    target: 'chrome120',
    minify: true,
    lib: { entry: 'bench/harness.ts', formats: ['iife'], name: 'samizdatBenchHarness', fileName: () => 'harness.js' },
  },
});
