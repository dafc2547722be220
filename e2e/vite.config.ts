import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { crossOriginIsolation, tandemSourceResolve } from '../scripts/vite-shared.ts';

const pagesDir = resolve(import.meta.dirname, 'pages');
/** TANDEM_E2E_PAGES=a,b builds only those pages (for working on one spec at a time). */
const only = process.env.TANDEM_E2E_PAGES?.split(',').filter(Boolean);
const pages = Object.fromEntries(
  readdirSync(pagesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && (!only || only.includes(d.name)))
    .map((d) => [d.name, resolve(pagesDir, d.name, 'index.html')]),
);

/** Serves the tiny pages the specs drive; production build + preview, as users get it. */
export default defineConfig({
  root: pagesDir,
  publicDir: resolve(import.meta.dirname, 'public'),
  resolve: tandemSourceResolve,
  plugins: [crossOriginIsolation()],
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  build: {
    outDir: process.env.TANDEM_E2E_OUTDIR ?? resolve(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    // Vite 8's default minifier breaks threaded tfjs-backend-wasm (its pthread worker source is
    // embedded as a string the minifier mangles); esbuild keeps it working (issue 5).
    minify: 'esbuild',
    rollupOptions: { input: { index: resolve(pagesDir, 'index.html'), ...pages } },
  },
});
