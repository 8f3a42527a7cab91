// The bare stack's own build (bench/browser.ts builds it beside the app in the same run).
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000, emptyOutDir: true },
  logLevel: 'warn',
});
