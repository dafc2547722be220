// Precached, but stored compressed (issue #18: origin storage after the first visit).
//
// Cache Storage keeps a response's decoded body: ORT's plain wasm, fetched brotli-encoded
// (3 MB on the wire), still takes 14.2 MB of the origin's storage, a quarter of all it holds.
// This plugin writes `<asset>.gz` (gzip -9: 3.7 MB) next to each matching asset; the service
// worker precaches that file instead and answers requests for the asset by decompressing it
// (service-worker/gzip-at-rest.js, `serviceWorkerImport` below). gzip, not brotli: the service worker decodes it with
// DecompressionStream, which takes gzip everywhere and brotli nowhere yet.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
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

/**
 * A script for the service worker to `importScripts`, emitted as `assets/<name>-<hash>.js`. The
 * hash in the name lets the server send it `immutable` (like every file under assets/), so the
 * browser's service-worker update checks, which go to the network for `sw.js` only and take
 * imported scripts from the HTTP cache (`updateViaCache: 'imports'`), do not fetch it again: each
 * check is bytes off the device (bench #5 counts them).
 * @param {string} file
 * @returns {{ url: string, plugin: import('vite').Plugin }} `url` for workbox's `importScripts`
 */
export function serviceWorkerImport(file) {
  const source = readFileSync(file);
  const url = `assets/${basename(file, '.js')}-${createHash('sha256').update(source).digest('hex').slice(0, 8)}.js`;
  return {
    url,
    plugin: {
      name: 'tandem-service-worker-import',
      apply: 'build',
      generateBundle() {
        this.emitFile({ type: 'asset', fileName: url, source });
      },
    },
  };
}
