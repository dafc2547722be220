// Content negotiation and compression for the app server (serve.mjs). The first visit is mostly
// ORT's wasm and the speech model: uncompressed, 68 MB; brotli takes ORT's wasm to a fifth and the
// dictionary and acoustic tables to about a third (issue #18). Encoded bodies are made once per
// file (Node's zlib, brotli quality 5: within 5% of quality 9 on these files at a fifth of the
// time) and kept in memory, so every later visitor gets them with a Content-Length.
import { readFile, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Codings this server makes, best first. */
export const ENCODINGS = /** @type {const} */ (['br', 'gzip']);

/**
 * Types worth compressing: scripts, styles, wasm, JSON and the model files (served as
 * octet-stream). Images and audio are left alone: PNG is already deflated, and PCM clips gain little.
 */
export function isCompressible(contentType) {
  return /^(text\/|application\/(javascript|json|manifest\+json|wasm|octet-stream)|image\/svg\+xml)/.test(contentType);
}

/** An encoded copy is kept only when it saves at least this share of the bytes. */
const MIN_SAVING = 0.05;

/**
 * Picks the coding for a request's Accept-Encoding (q-values honoured, `*` understood): the first
 * of ENCODINGS the client accepts, or undefined for identity.
 */
export function negotiateEncoding(acceptEncoding) {
  if (!acceptEncoding) return undefined;
  const accepted = new Map();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
    accepted.set(name, q ? Number(q[1]) : 1);
  }
  return ENCODINGS.find((e) => (accepted.get(e) ?? accepted.get('*') ?? 0) > 0);
}

async function encode(bytes, encoding) {
  if (encoding === 'br') {
    return brotli(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
  }
  return gz(bytes, { level: 6 });
}

/**
 * A cache of encoded bodies keyed by path, coding, size and mtime (a rebuilt file gets new
 * bodies). Concurrent first requests share one compression. Resolves to undefined when the file
 * does not shrink enough to be worth a coding.
 */
export function createEncodedCache() {
  /** @type {Map<string, Promise<Buffer | undefined>>} */
  const cache = new Map();
  return {
    async get(path, encoding) {
      const info = await stat(path);
      const key = `${encoding}\0${path}\0${info.size}\0${info.mtimeMs}`;
      let entry = cache.get(key);
      if (!entry) {
        entry = readFile(path).then(async (bytes) => {
          const encoded = await encode(bytes, encoding);
          return encoded.length <= bytes.length * (1 - MIN_SAVING) ? encoded : undefined;
        });
        cache.set(key, entry);
        entry.catch(() => cache.delete(key));
      }
      return entry;
    },
  };
}
