import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { cspPlugin } from './csp.config';
import { offlinePlugin } from './offline.config';

export default defineConfig({
  plugins: [svelte(), cspPlugin(), offlinePlugin()],
  worker: { format: 'es' },
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
    ],
  },
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    environment: 'node',
    // Goldens and lab replays simulate minutes of a cluster; a loaded 2-core CI machine needs room.
    testTimeout: 60_000,
  },
});
