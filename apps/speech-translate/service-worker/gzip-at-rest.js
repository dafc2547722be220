// A service-worker script (globals: self, caches, DecompressionStream), linted as such (scripts/eslint.config.js).
// Imported by the service worker (workbox `importScripts`), so this handler runs before
// workbox's. Answers a same-origin request for `<file>.wasm` from the precached `<file>.wasm.gz`
// (scripts/gzip-at-rest.mjs): ORT's 14.2 MB binary is kept in Cache Storage as 3.7 MB. The body
// is decoded whole before it is answered: a damaged stored copy then falls back to the network
// (and is dropped) instead of failing the compile halfway through a stream.
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || !url.pathname.endsWith('.wasm')) return;
  event.respondWith(
    (async () => {
      const gzUrl = `${url.origin}${url.pathname}.gz`;
      const stored = await caches.match(gzUrl, { ignoreSearch: true });
      if (!stored) return fetch(event.request);
      try {
        const body = await new Response(stored.body.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
        return new Response(body, {
          headers: { 'Content-Type': 'application/wasm', 'Content-Length': String(body.byteLength), 'X-Tandem-Stored': 'gzip' },
        });
      } catch {
        for (const name of await caches.keys()) {
          const cache = await caches.open(name);
          for (const request of await cache.keys()) if (request.url.split('?')[0] === gzUrl) await cache.delete(request);
        }
        return fetch(event.request);
      }
    })(),
  );
});
