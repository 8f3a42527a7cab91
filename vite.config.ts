import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { cspPlugin } from './csp.config';
import { offlinePlugin } from './offline.config';
import { labSpecPlugin, startSnapshotPlugin } from './prebuild.config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  plugins: [svelte(), cspPlugin(), offlinePlugin(), labSpecPlugin()],
  worker: {
    format: 'es',
    // Worker bundles get only these plugins (the main list applies to workers in dev alone).
    plugins: () => [labSpecPlugin(), startSnapshotPlugin()],
    // The labs' Chinese texts escaped (\uXXXX): an all-ASCII script stays a one-byte string in
    // V8, which the session worker (the first answer's critical path) compiles faster.
    rolldownOptions: { output: { charset: 'ascii' } },
  },
  resolve: {
    alias: [
      // monaco-yaml's worker manager and monaco-vim import Monaco's old deep paths; 0.57 serves
      // the same files without the `esm/vs/` prefix (TOOLCHAIN.md, pitfall 1).
      { find: /^monaco-editor\/esm\/vs\/(.*)$/, replacement: 'monaco-editor/$1' },
      // monaco-vim's `browser` export is a UMD file that expects a global `monaco`; use its ES module.
      { find: /^monaco-vim$/, replacement: fileURLToPath(new URL('./node_modules/monaco-vim/dist/index.mjs', import.meta.url)) },
    ],
  },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
  optimizeDeps: {
    // Worker-only and lazily imported dependencies: listing them avoids a reload on first use.
    include: [
      'comlink',
      'yaml',
      'ipaddr.js',
      '@noble/hashes/legacy.js',
      '@noble/hashes/utils.js',
      // The lazily loaded Monaco entries (see src/ui/editor/monaco-loader.ts).
      'monaco-editor/editor',
      'monaco-editor/features/register.all',
      'monaco-editor/languages/definitions/yaml/register',
      'monaco-yaml',
      'monaco-yaml/yaml.worker.js',
      'monaco-vim',
    ],
  },
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    environment: 'node',
    // Goldens and lab replays simulate minutes of a cluster; a loaded 2-core CI machine needs room.
    testTimeout: 60_000,
  },
});
