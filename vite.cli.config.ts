import { defineConfig } from 'vite';

// The command line: cli/samizdat.ts bundled for Node, with the packages left as imports.
export default defineConfig({
  // utils/i18n asks wxt/browser whether it runs in an extension (here: no, so English): those few
  // lines are bundled, since wxt is a development dependency and not installed with the command.
  ssr: { noExternal: ['wxt', '@wxt-dev/browser'] },
  // The extension's public/ folder (icons, locales) is not the command's: English is bundled.
  publicDir: false,
  build: {
    ssr: 'cli/samizdat.ts',
    outDir: 'dist/cli',
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: { output: { entryFileNames: 'samizdat.mjs', banner: '#!/usr/bin/env node' } },
  },
});
