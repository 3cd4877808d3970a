import { defineConfig } from 'vite';

// The command line: cli/samizdat.ts bundled for Node, with the packages left as imports.
export default defineConfig({
  build: {
    ssr: 'cli/samizdat.ts',
    outDir: 'dist/cli',
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: { output: { entryFileNames: 'samizdat.mjs', banner: '#!/usr/bin/env node' } },
  },
});
