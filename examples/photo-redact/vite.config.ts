import { defineConfig } from 'vite';

/** COOP/COEP (multi-threaded WASM needs SharedArrayBuffer), module workers, esbuild minify (threaded tfjs-backend-wasm). */
const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cross-Origin-Resource-Policy': 'same-origin' };

export default defineConfig({
  server: { headers: isolation },
  preview: { headers: isolation },
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  build: { target: 'es2022', minify: 'esbuild' },
  // The function (`vite build --ssr function/server.ts`) as one file with its dependencies: deployable without node_modules.
  ssr: { noExternal: true, target: 'node' },
});
