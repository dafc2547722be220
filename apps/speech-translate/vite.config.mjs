// Plain JS (bundled by Vite like a .ts config), so lint needs no TypeScript project for it.
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { crossOriginIsolation, tandemSourceResolve } from '../../scripts/vite-shared.ts';

/**
 * The PWA. The service worker precaches the app shell, ORT's WASM (hence the 64 MiB limit: ORT's
 * JSEP wasm is ~25 MB), the sample clips and PocketSphinx's emscripten glue (the ASR worker
 * imports it from its URL, after checking it against the copy in the model store, so it must
 * load offline too); model weights, and PocketSphinx's wasm, which is read from the store, are
 * left out of the precache on purpose: the app keeps them in the IndexedDB model store, with
 * progress, integrity checks and a storage view the user controls.
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
        globPatterns: ['**/*.{html,js,mjs,css,wasm,png,webmanifest,wav}', 'generated/samples/index.json'],
        globIgnores: ['generated/models/silero-vad/**', 'generated/models/pocketsphinx-en-us/**', 'generated/models/pocketsphinx-wasm/*.{wasm,json}'],
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
