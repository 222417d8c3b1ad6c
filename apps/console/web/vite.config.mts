import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

// The page is built beside the compiled console server (dist/apps/console/web), which serves it.
export default defineConfig({
  root: here,
  base: './',
  build: {
    outDir: resolve(here, '../../../dist/apps/console/web'),
    emptyOutDir: true,
    // The quality bar is 300 KB of gzipped JavaScript; vite warns well before.
    chunkSizeWarningLimit: 600,
  },
});
