/**
 * A model server with fault injection for the model-store spec and benchmark. Node `http` on
 * 127.0.0.1, port 0. It serves byte ranges, can cut the connection after N bytes, corrupt a
 * response, ignore Range, pause mid-body, and counts every request and body byte, so a test
 * can assert exactly what crossed the network.
 *
 * The pages are cross-origin isolated (COEP require-corp) and on another port, so every answer
 * carries CORS headers (Range and If-None-Match allowed; ETag, Content-Range, Accept-Ranges
 * exposed) and `Cross-Origin-Resource-Policy: cross-origin`.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export interface Fault {
  /** Destroy the socket after this many body bytes. */
  cutAfterBytes?: number;
  /** Flip a byte in the middle of the body. */
  corrupt?: boolean;
  /** Answer 200 with the whole file even when a Range is asked for. */
  ignoreRange?: boolean;
  /** Send this many body bytes, then wait for `release` before sending the rest. */
  pauseAfterBytes?: number;
  release?: Promise<void>;
  onPaused?: () => void;
  /**
   * Answer a Range request with a range of the gzip-encoded body (Content-Encoding: gzip,
   * Content-Range in encoded bytes), as RFC 9110 allows and some CDNs do, even when the client
   * asked for identity.
   */
  encodeRange?: boolean;
}

/** Codings the server applies to whole-file answers of a path published with `{ compress: true }`. */
export type Coding = 'br' | 'gzip';

export interface RequestLog {
  path: string;
  method: string;
  range: string | undefined;
  ifNoneMatch: string | undefined;
  status: number;
  /** Body bytes written to the socket. */
  bytesSent: number;
  /** The whole body was sent (false when cut). */
  completed: boolean;
  /** The request's Accept-Encoding, and the coding of the answer (undefined: identity). */
  acceptEncoding: string | undefined;
  contentEncoding: Coding | undefined;
}

interface Entry {
  body: Buffer;
  etag: string;
  contentType: string;
  /** Encoded copies of `body`, made on first use, when published with `{ compress: true }`. */
  encoded: Map<Coding, Buffer> | undefined;
}

function encodedBody(entry: Entry, coding: Coding): Buffer {
  const map = (entry.encoded ??= new Map());
  let body = map.get(coding);
  if (!body) {
    // Quality 5, as the app server (11 takes ~1 s per MB, holding this server's only thread).
    body = coding === 'br' ? brotliCompressSync(entry.body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }) : gzipSync(entry.body);
    map.set(coding, body);
  }
  return body;
}

/** br, then gzip, as the request accepts them (q=0 refuses); undefined: identity. */
function pickCoding(acceptEncoding: string | undefined): Coding | undefined {
  const accepted = (acceptEncoding ?? '')
    .split(',')
    .map((p) => p.trim().toLowerCase())
    .filter((p) => !/;\s*q=0(\.0*)?$/.test(p))
    .map((p) => p.split(';')[0]);
  return (['br', 'gzip'] as const).find((c) => accepted.includes(c));
}

export interface ModelServer {
  origin: string;
  /**
   * Publishes bytes at `path` (replacing what was there; the ETag changes with the content).
   * `compress`: whole-file answers are brotli- or gzip-encoded as Accept-Encoding allows (Vary:
   * Accept-Encoding); ranges stay identity unless a fault says otherwise.
   */
  put(path: string, body: Buffer | string, contentType?: string, options?: { compress?: boolean }): void;
  /** Faults applied to the next requests of `path`, one per request, in order. */
  injectFaults(path: string, ...faults: Fault[]): void;
  log: RequestLog[];
  /** Body bytes sent for GETs of `path` (all paths when omitted). */
  bytesSent(path?: string): number;
  requests(path?: string): RequestLog[];
  resetLog(): void;
  close(): Promise<void>;
}

export function sriSha256(bytes: Buffer): string {
  return `sha256-${createHash('sha256').update(bytes).digest('base64')}`;
}

/** Deterministic pseudo-random bytes (xorshift32): the same `seed` always gives the same file. */
export function deterministicBytes(size: number, seed = 1): Buffer {
  const words = new Uint32Array(Math.ceil(size / 4));
  let x = seed >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    words[i] = x;
  }
  return Buffer.from(words.buffer, 0, size);
}

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
  'Access-Control-Allow-Headers': 'Range, If-None-Match',
  'Access-Control-Expose-Headers': 'ETag, Content-Range, Accept-Ranges, Content-Length, Content-Encoding',
  'Access-Control-Max-Age': '600',
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

export async function startModelServer(): Promise<ModelServer> {
  const entries = new Map<string, Entry>();
  const faults = new Map<string, Fault[]>();
  const log: RequestLog[] = [];

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    for (const [k, v] of Object.entries(CORS_HEADERS)) res.setHeader(k, v);
    const record: RequestLog = {
      path,
      method: req.method ?? 'GET',
      range: req.headers.range,
      ifNoneMatch: req.headers['if-none-match'],
      status: 0,
      bytesSent: 0,
      completed: false,
      acceptEncoding: req.headers['accept-encoding'],
      contentEncoding: undefined,
    };
    log.push(record);
    if (req.method === 'OPTIONS') {
      record.status = 204;
      record.completed = true;
      res.writeHead(204).end();
      return;
    }
    const entry = entries.get(path);
    if (!entry) {
      record.status = 404;
      record.completed = true;
      res.writeHead(404).end();
      return;
    }
    const fault = faults.get(path)?.shift() ?? {};
    res.setHeader('ETag', entry.etag);
    res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Content-Type', entry.contentType);
    if (record.ifNoneMatch !== undefined && record.ifNoneMatch === entry.etag) {
      record.status = 304;
      record.completed = true;
      res.writeHead(304).end();
      return;
    }
    // The representation: identity, or (published with compress) the encoded body for a whole-file
    // answer, or for a range when the fault says to apply the range to the encoded body.
    const range = /^bytes=(\d+)-(\d*)$/.exec(record.range ?? '');
    const ranged = range !== null && !fault.ignoreRange;
    const coding: Coding | undefined = ranged ? (fault.encodeRange ? 'gzip' : undefined) : entry.encoded ? pickCoding(record.acceptEncoding) : undefined;
    const representation = coding ? encodedBody(entry, coding) : entry.body;
    if (entry.encoded) res.setHeader('Vary', 'Accept-Encoding');
    if (coding) res.setHeader('Content-Encoding', coding);
    record.contentEncoding = coding;
    let start = 0;
    let end = representation.length - 1;
    let status = 200;
    if (range && ranged) {
      start = Number(range[1]);
      end = range[2] ? Math.min(Number(range[2]), end) : end;
      if (start > end) {
        record.status = 416;
        record.completed = true;
        res.writeHead(416, { 'Content-Range': `bytes */${representation.length}` }).end();
        return;
      }
      status = 206;
      res.setHeader('Content-Range', `bytes ${start}-${end}/${representation.length}`);
    }
    let body = representation.subarray(start, end + 1);
    if (fault.corrupt) {
      body = Buffer.from(body);
      body[body.length >> 1]! ^= 0xff;
    }
    record.status = status;
    res.writeHead(status, { 'Content-Length': String(body.length) });
    if (req.method === 'HEAD') {
      record.completed = true;
      res.end();
      return;
    }
    const limit = fault.cutAfterBytes ?? body.length;
    const pauseAt = fault.pauseAfterBytes ?? Infinity;
    const piece = 256 * 1024;
    for (let at = 0; at < Math.min(limit, body.length); ) {
      if (at >= pauseAt && fault.release) {
        fault.onPaused?.();
        await fault.release;
        fault.release = undefined;
      }
      const stop = Math.min(at + piece, limit, body.length, at < pauseAt ? pauseAt : Infinity);
      const slice = body.subarray(at, stop);
      // Wait until each piece is handed to the kernel: counts then mean bytes really sent, and a
      // cut below drops the connection only after everything before it went out.
      await new Promise<void>((resolve, reject) => res.write(slice, (error) => (error ? reject(error) : resolve())));
      record.bytesSent += slice.length;
      at = stop;
      if (res.destroyed) return;
    }
    if (limit < body.length) {
      // Drop the connection mid-body (FIN after the bytes already sent; Content-Length unmet).
      await new Promise<void>((resolve) => setTimeout(resolve, 100));
      res.socket?.destroy();
      return;
    }
    record.completed = true;
    res.end();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const gets = (path?: string) => log.filter((r) => r.method === 'GET' && (path === undefined || r.path === path));
  return {
    origin: `http://127.0.0.1:${port}`,
    put(path, body, contentType = 'application/octet-stream', options = {}) {
      const bytes = typeof body === 'string' ? Buffer.from(body) : body;
      entries.set(path, { body: bytes, etag: `"${createHash('sha1').update(bytes).digest('hex')}"`, contentType, encoded: options.compress ? new Map() : undefined });
    },
    injectFaults(path, ...list) {
      faults.set(path, [...(faults.get(path) ?? []), ...list]);
    },
    log,
    bytesSent: (path) => gets(path).reduce((sum, r) => sum + r.bytesSent, 0),
    requests: gets,
    resetLog: () => {
      log.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
