// Precached, but stored compressed (issue #18: origin storage after the first visit).
//
// Cache Storage keeps a response's decoded body: ORT's plain wasm, fetched brotli-encoded
// (3 MB on the wire), still takes 14.2 MB of the origin's storage, a quarter of all it holds.
// This plugin writes `<asset>.gz` (gzip -9: 3.7 MB) next to each matching asset; the service
// worker precaches that file instead and answers requests for the asset by decompressing it
// (public/sw-gzip-at-rest.js). gzip, not brotli: the service worker decodes it with
// DecompressionStream, which takes gzip everywhere and brotli nowhere yet.
import { gzipSync } from 'node:zlib';

/**
 * A Vite build plugin: for each emitted asset whose name matches `pattern`, also emit
 * `<name>.gz`. The names are what the service worker's precache globs and its fetch handler
 * look for (see the workbox options in vite.config.mjs).
 * @param {RegExp} pattern
 * @returns {import('vite').Plugin}
 */
export function gzipAtRest(pattern) {
  return {
    name: 'tandem-gzip-at-rest',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const [fileName, output] of Object.entries(bundle)) {
        if (output.type !== 'asset' || !pattern.test(fileName)) continue;
        this.emitFile({ type: 'asset', fileName: `${fileName}.gz`, source: gzipSync(output.source, { level: 9 }) });
      }
    },
  };
}
