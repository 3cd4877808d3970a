import { defineConfig } from 'vite';

/**
 * The benchmark's scripts to evaluate in a page, never shipped: the harness (bench/harness.ts),
 * and with `--mode bare` bare Readability (bench/bare-readability.ts), a script of its own so that
 * it shares no compiled code with the capture's Readability.
 */
export default defineConfig(({ mode }) => {
  const bare = mode === 'bare';
  return {
    build: {
      outDir: 'dist/bench',
      emptyOutDir: !bare,
      target: 'chrome120',
      minify: true,
      lib: bare
        ? { entry: 'bench/bare-readability.ts', formats: ['iife'], name: 'samizdatBareReadability', fileName: () => 'bare-readability.js' }
        : { entry: 'bench/harness.ts', formats: ['iife'], name: 'samizdatBenchHarness', fileName: () => 'harness.js' },
    },
  };
});
