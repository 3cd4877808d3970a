import { defineConfig } from 'vite';

// Bare Readability (bench/bare-readability.ts) as a script of its own, beside the harness; never shipped.
export default defineConfig({
  build: {
    outDir: 'dist/bench',
    emptyOutDir: false,
    target: 'chrome120',
    minify: true,
    lib: { entry: 'bench/bare-readability.ts', formats: ['iife'], name: 'samizdatBareReadability', fileName: () => 'bare-readability.js' },
  },
});
