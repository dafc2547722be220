import type { Plugin, UserConfig } from 'vite';

/**
 * COOP/COEP on every response of the dev and preview servers, so `crossOriginIsolated` is true
 * and onnxruntime-web can use multi-threaded WASM (SharedArrayBuffer).
 */
export function crossOriginIsolation(): Plugin {
  const headers = {
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
  return {
    name: 'tandem:cross-origin-isolation',
    configureServer(server) {
      server.middlewares.use((_req, res, next) => {
        for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
        next();
      });
    },
    configurePreviewServer(server) {
      server.middlewares.use((_req, res, next) => {
        for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
        next();
      });
    },
  };
}

/** Resolve workspace packages to their TypeScript sources, so nothing needs a build first. */
export const tandemSourceResolve: UserConfig['resolve'] = {
  conditions: ['@tandem/source', 'module', 'browser', 'development|production'],
};
