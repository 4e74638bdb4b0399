/**
 * Builds the web console (index.html) and the API reference page (docs.html) into
 * dist/console/, which the server serves at `/` and `/docs`. Preact's JSX through esbuild; no
 * public folder, nothing loaded from elsewhere at run time.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { docsAssets } from './build/docs-assets.js';

const here = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  publicDir: false,
  logLevel: 'warn',
  // jsxDev off even when NODE_ENV is not production (the tests build it under NODE_ENV=test).
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact', jsxDev: false },
  plugins: [docsAssets(join(here, '..', 'openapi.yaml'))],
  build: {
    outDir: join(here, '..', 'dist', 'console'),
    emptyOutDir: true,
    target: 'es2022',
    // Scalar's 3.5 MB script is copied, not bundled; the console's own chunks stay small.
    chunkSizeWarningLimit: 4000,
    rollupOptions: { input: { index: join(here, 'index.html'), docs: join(here, 'docs.html') } },
  },
});
