// Plain JS (bundled by Vite like a .ts config), so lint needs no TypeScript project for it.
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { crossOriginIsolation, tandemSourceResolve } from '../../scripts/vite-shared.ts';
import { gzipAtRest, serviceWorkerImport } from './scripts/gzip-at-rest.mjs';

/**
 * ORT's WebGPU-capable (asyncify) binary, 26.8 MB: emitted because runtime-onnx imports ORT's
 * WebGPU bundle, but the app's only ORT stage runs on wasm with the plain binary
 * (src/ort-wasm-files.ts), so it is served for a WebGPU stage yet never precached. With
 * VITE_TANDEM_ORT_WASM=asyncify (the first-visit benchmark's "before") it is what runs and is
 * precached, and the plain binary and its glue, emitted but unused, are not.
 */
const asyncifyEverywhere = process.env.VITE_TANDEM_ORT_WASM === 'asyncify';
const notPrecached = asyncifyEverywhere ? ['assets/ort-wasm-simd-threaded-*.{wasm,mjs}'] : ['assets/ort-wasm-simd-threaded.asyncify-*.wasm'];
/**
 * The plain binary is precached as its gzip copy (scripts/gzip-at-rest.mjs): 3.7 MB of the
 * origin's storage instead of 14.2; service-worker/gzip-at-rest.js answers requests for it.
 */
const storedGzipped = asyncifyEverywhere ? [] : ['assets/ort-wasm-simd-threaded-*.wasm'];
const gzipAnswerer = serviceWorkerImport(new URL('./service-worker/gzip-at-rest.js', import.meta.url).pathname);

/**
 * The PWA. The service worker precaches what the app needs to run offline: the app shell, the
 * ORT binary its wasm stage loads (the plain threaded build, 14.2 MB; hence the 64 MiB limit),
 * the sample clips and PocketSphinx's emscripten glue (the ASR worker imports it from its URL,
 * after checking it against the copy in the model store, so it must load offline too); model
 * weights, and PocketSphinx's wasm, which is read from the store, are left out of the precache on
 * purpose: the app keeps them in the IndexedDB model store, with progress, integrity checks and
 * a storage view the user controls.
 */
export default defineConfig({
  base: './',
  resolve: tandemSourceResolve,
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  // The main chunk carries the redaction detectors (compromise, libphonenumber): ~850 kB, on purpose.
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 1024,
    outDir: process.env.SPEECH_TRANSLATE_OUTDIR ?? 'dist',
    emptyOutDir: true,
    // Scripts stay files: a small one (the AudioWorklet processor, ~1.5 KB) would otherwise be
    // inlined as a data: URL, which `script-src 'self'` rightly refuses.
    assetsInlineLimit: (file) => (/\.m?js$/.test(file) ? false : undefined),
  },
  plugins: [
    crossOriginIsolation(),
    ...(asyncifyEverywhere ? [] : [gzipAtRest(/^assets\/ort-wasm-simd-threaded-[^/]*\.wasm$/), gzipAnswerer.plugin]),
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: false,
      includeAssets: ['icons/*.png'],
      manifest: {
        name: 'Tandem Speech Translate',
        short_name: 'Tandem',
        description: 'Speech translation that keeps your voice on your device: transcribed and redacted locally, only redacted text is translated.',
        theme_color: '#0f766e',
        background_color: '#f5f7f8',
        display: 'standalone',
        start_url: './',
        scope: './',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{html,js,mjs,css,wasm,png,webmanifest,wav}', 'assets/*.wasm.gz', 'generated/samples/index.json'],
        globIgnores: ['generated/models/silero-vad/**', 'generated/models/pocketsphinx-en-us/**', 'generated/models/pocketsphinx-wasm/*.{wasm,json}', ...notPrecached, ...storedGzipped],
        // Runs first: answers `.wasm` requests from their precached `.wasm.gz`.
        importScripts: asyncifyEverywhere ? [] : [gzipAnswerer.url],
        // One script, not sw.js + workbox-<hash>.js: a service-worker update check then fetches
        // sw.js alone (the import above is immutable), fewer bytes off the device (bench #5).
        inlineWorkboxRuntime: true,
        maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
        runtimeCaching: [
          // Written by the server at start-up (where the function is); the last copy serves offline.
          { urlPattern: ({ url }) => url.pathname.endsWith('/config.json'), handler: 'NetworkFirst', options: { cacheName: 'tandem-config', networkTimeoutSeconds: 3 } },
        ],
      },
    }),
  ],
});
