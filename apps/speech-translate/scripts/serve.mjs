#!/usr/bin/env node
// Serves the built PWA (dist/) on loopback with the headers it needs, and writes where the
// translate function is into /config.json. A tiny static server rather than `vite preview`, so
// the Content-Security-Policy can name the function's origin, which is only known at start-up.
//
//   node scripts/serve.mjs --function-url http://127.0.0.1:8787 [--port 5173] [--host 127.0.0.1] [--dist dist] [--no-compression]
//
// Prints `Tandem speech-translate: http://HOST:PORT/` as its first stdout line.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { createEncodedCache, isCompressible, negotiateEncoding } from './compression.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.wav': 'audio/wav',
  '.onnx': 'application/octet-stream',
  // Stored compressed on purpose (scripts/gzip-at-rest.mjs): sent as it is, never re-encoded.
  '.gz': 'application/gzip',
};

/** `http://fn:8787` → `ws://fn:8787`, `https://fn` → `wss://fn`: where the session channel connects. */
export function webSocketOrigin(functionOrigin) {
  return functionOrigin.replace(/^http/, 'ws');
}

/**
 * The policy, header-delivered (a meta tag cannot carry frame-ancestors, and workers only follow
 * their own response's header). Every script is a same-origin file, 'self' and nothing else: the
 * AudioWorklet processor is a built asset, PocketSphinx's emscripten glue is imported from its
 * bundle's URL after its bytes are checked (no `blob:`, no `data:`). `'wasm-unsafe-eval'`
 * compiles WebAssembly (ORT, PocketSphinx); no `'unsafe-eval'`, no inline.
 */
export function contentSecurityPolicy(functionOrigin) {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data:",
    "media-src 'self' blob:",
    // The function's own origin over HTTP and, for the session channel, over WebSocket: that
    // origin and no other (a bare `ws:`/`wss:` would allow a socket to anywhere).
    `connect-src 'self' ${functionOrigin} ${webSocketOrigin(functionOrigin)}`,
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * `functionUrl` may be set later with `setFunctionUrl` (the function's CORS allowlist needs this
 * server's origin first); until then every response is 503. `compression` (default on) serves
 * brotli or gzip to clients that accept it (compression.mjs); off, every body is identity, as the
 * first-visit benchmark's baseline.
 */
export function startAppServer({ dist, port = 0, host = '127.0.0.1', functionUrl, compression = true }) {
  const root = resolve(dist);
  if (!existsSync(join(root, 'index.html'))) throw new Error(`${root}/index.html missing: build the app first (pnpm --filter @tandem/speech-translate build)`);
  let headers;
  let config;
  const encoded = compression ? createEncodedCache() : undefined;
  const setFunctionUrl = (value) => {
    headers = baseHeaders(new URL(value).origin);
    config = JSON.stringify({ functionUrl: value });
  };
  if (functionUrl) setFunctionUrl(functionUrl);
  const server = createServer((req, res) => {
    if (!headers) {
      res.writeHead(503, { 'Retry-After': '1' }).end('starting');
      return;
    }
    serve(req, res, headers, config, root, encoded).catch((error) => res.destroy(error));
  });
  return new Promise((resolveStart, reject) => {
    server.once('error', reject);
    server.listen(Number(port), host, () => {
      const address = server.address();
      resolveStart({ server, url: `http://${host}:${address.port}/`, setFunctionUrl });
    });
  });
}

function baseHeaders(functionOrigin) {
  return {
    'Content-Security-Policy': contentSecurityPolicy(functionOrigin),
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Permissions-Policy': 'microphone=(self), camera=(), geolocation=()',
  };
}

async function serve(req, res, headers, config, root, encoded) {
  const url = new URL(req.url ?? '/', 'http://x');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, headers).end();
    return;
  }
  if (url.pathname === '/config.json') {
    res.writeHead(200, { ...headers, 'Content-Type': TYPES['.json'], 'Cache-Control': 'no-cache' }).end(config);
    return;
  }
  let path = normalize(join(root, decodeURIComponent(url.pathname)));
  if (path !== root && !path.startsWith(root + sep)) {
    res.writeHead(403, headers).end();
    return;
  }
  if (!existsSync(path) || statSync(path).isDirectory()) {
    const index = join(path, 'index.html');
    path = existsSync(index) ? index : extname(path) === '' ? join(root, 'index.html') : '';
  }
  if (!path) {
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('not found');
    return;
  }
  const type = TYPES[extname(path)] ?? 'application/octet-stream';
  const immutable = path.includes(`${sep}assets${sep}`);
  const size = statSync(path).size;
  const compressible = encoded !== undefined && isCompressible(type);
  const common = {
    ...headers,
    'Content-Type': type,
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'Accept-Ranges': 'bytes',
    // Caches must key the body on the coding asked for, identity answers included.
    ...(compressible ? { Vary: 'Accept-Encoding' } : {}),
  };
  // Ranges are of the identity body only (the model store resumes with them): a range of an
  // encoded body is not a range of the file, and no browser can splice one.
  const range = req.headers.range === undefined ? undefined : parseRange(req.headers.range, size);
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...common, 'Content-Range': `bytes */${size}` }).end();
    return;
  }
  if (range) {
    res.writeHead(206, { ...common, 'Content-Range': `bytes ${range.start}-${range.end}/${size}`, 'Content-Length': range.end - range.start + 1 });
    if (req.method === 'HEAD') res.end();
    else createReadStream(path, { start: range.start, end: range.end }).pipe(res);
    return;
  }
  const coding = compressible ? negotiateEncoding(req.headers['accept-encoding']) : undefined;
  const body = coding ? await encoded.get(path, coding) : undefined;
  if (body) {
    res.writeHead(200, { ...common, 'Content-Encoding': coding, 'Content-Length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  res.writeHead(200, { ...common, 'Content-Length': size });
  if (req.method === 'HEAD') res.end();
  else createReadStream(path).pipe(res);
}

/** One `bytes=a-b`, `bytes=a-` or `bytes=-n` range; anything else (several ranges) is ignored. */
export function parseRange(header, size) {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let start;
  let end;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}

if (import.meta.filename === process.argv[1]) {
  const { values } = parseArgs({
    options: {
      'function-url': { type: 'string' },
      port: { type: 'string', default: process.env.PORT ?? '5173' },
      host: { type: 'string', default: '127.0.0.1' },
      dist: { type: 'string', default: resolve(import.meta.dirname, '../dist') },
      'no-compression': { type: 'boolean', default: false },
    },
  });
  if (!values['function-url']) {
    console.error('--function-url is required');
    process.exit(2);
  }
  const { server, url } = await startAppServer({ dist: values.dist, port: values.port, host: values.host, functionUrl: values['function-url'], compression: !values['no-compression'] });
  console.log(`Tandem speech-translate: ${url}`);
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.close(() => process.exit(0)));
}
