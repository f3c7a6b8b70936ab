import { chmod } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    publicDir: false,
    plugins: [
      {
        // package.json "bin": `npx berth` runs out/main/cli.js directly, so it needs its run bit.
        name: 'berth-cli-executable',
        async writeBundle(options: { dir?: string }, bundle: Record<string, unknown>) {
          if (options.dir && 'cli.js' in bundle) await chmod(join(options.dir, 'cli.js'), 0o755);
        },
      },
    ],
    build: {
      outDir: 'out/main',
      rolldownOptions: {
        output: { banner: (chunk: { name: string }) => (chunk.name === 'cli' ? '#!/usr/bin/env node' : '') },
        input: {
          index: resolve('electron/main/index.ts'),
          // Browser mode: the same backend as a plain Node process (npm run serve).
          serve: resolve('electron/backend/server/cli.ts'),
          // The command line: `berth layers IMAGE` (package.json "bin").
          cli: resolve('electron/backend/cli/berth.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload is one CommonJS file that requires only `electron`.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      minify: true,
      sourcemap: false,
      rolldownOptions: { input: resolve('renderer/index.html') },
    },
  },
});
