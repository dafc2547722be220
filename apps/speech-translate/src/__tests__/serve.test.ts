import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { negotiateEncoding } from '../../scripts/compression.mjs';
import { parseRange, startAppServer } from '../../scripts/serve.mjs';

/** A raw GET (no automatic decoding, unlike fetch), so the test sees the bytes on the wire. */
function rawGet(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((done, fail) => {
    const req = request(url, { method, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end();
  });
}

/** Compressible but not trivially so: a wasm-like mix of repeated and varying bytes. */
function modelLike(size: number): Buffer {
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i++) b[i] = (i * 7919) % 251 < 64 ? (i >> 3) & 0xff : 0;
  return b;
}

describe('the app server (scripts/serve.mjs)', () => {
  const dist = mkdtempSync(join(tmpdir(), 'speech-translate-dist-'));
  let started: Awaited<ReturnType<typeof startAppServer>>;

  beforeAll(async () => {
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>x</title>');
    writeFileSync(join(dist, 'assets', 'a.js'), 'export {}');
    writeFileSync(join(dirOutside(dist), 'secret.txt'), 'secret');
    started = await startAppServer({ dist, port: 0 });
  });
  afterAll(async () => {
    await new Promise((done) => started.server.close(done));
    rmSync(dist, { recursive: true, force: true });
    rmSync(join(dirOutside(dist), 'secret.txt'), { force: true });
  });

  it('answers 503 until it knows where the function is, then serves with the security headers', async () => {
    expect((await fetch(started.url)).status).toBe(503);
    started.setFunctionUrl('http://127.0.0.1:9999');
    const res = await fetch(started.url);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    // The function over HTTP and its session channel over WebSocket, that origin only.
    expect(csp).toContain("connect-src 'self' http://127.0.0.1:9999 ws://127.0.0.1:9999;");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toMatch(/'unsafe-eval'/);
    // Scripts only from this origin: no blob: or data: (the worklet and the emscripten glue are files).
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval';");
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
  });

  it('writes config.json, caches hashed assets for good and falls back to index.html for routes', async () => {
    started.setFunctionUrl('http://127.0.0.1:9999');
    expect(await (await fetch(new URL('config.json', started.url))).json()).toEqual({ functionUrl: 'http://127.0.0.1:9999' });
    const asset = await fetch(new URL('assets/a.js', started.url));
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(await (await fetch(new URL('some/route', started.url))).text()).toContain('<title>x</title>');
    expect((await fetch(new URL('missing.js', started.url))).status).toBe(404);
  });

  it('never serves a file outside dist', async () => {
    started.setFunctionUrl('http://127.0.0.1:9999');
    const res = await fetch(new URL('/..%2fsecret.txt', started.url));
    expect([403, 404]).toContain(res.status);
    expect(await res.text()).not.toContain('secret');
    expect((await fetch(new URL('/', started.url), { method: 'POST' })).status).toBe(405);
  });
});

describe('compression and ranges (scripts/serve.mjs, compression.mjs)', () => {
  const dist = mkdtempSync(join(tmpdir(), 'speech-translate-dist-'));
  const wasm = modelLike(400_000);
  let on: Awaited<ReturnType<typeof startAppServer>>;
  let off: Awaited<ReturnType<typeof startAppServer>>;

  beforeAll(async () => {
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>x</title>');
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'assets', 'ort.wasm'), wasm);
    writeFileSync(join(dist, 'icon.png'), modelLike(10_000));
    on = await startAppServer({ dist, port: 0, functionUrl: 'http://127.0.0.1:9999' });
    off = await startAppServer({ dist, port: 0, functionUrl: 'http://127.0.0.1:9999', compression: false });
  });
  afterAll(async () => {
    await Promise.all([on, off].map((s) => new Promise((done) => s.server.close(done))));
    rmSync(dist, { recursive: true, force: true });
  });

  it('negotiates br first, then gzip, honouring q=0 and *', () => {
    expect(negotiateEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(negotiateEncoding('gzip, br;q=0')).toBe('gzip');
    expect(negotiateEncoding('identity')).toBeUndefined();
    expect(negotiateEncoding('*')).toBe('br');
    expect(negotiateEncoding('*;q=0, gzip;q=0.5')).toBe('gzip');
    expect(negotiateEncoding(undefined)).toBeUndefined();
  });

  it('sends wasm brotli- or gzip-encoded with its encoded Content-Length and Vary, identity to a client that asks for none', async () => {
    const url = new URL('assets/ort.wasm', on.url).href;
    const br = await rawGet(url, { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(br.body.length).toBeLessThan(wasm.length / 2);
    expect(brotliDecompressSync(br.body).equals(wasm)).toBe(true);

    const gz = await rawGet(url, { 'Accept-Encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(wasm)).toBe(true);

    const plain = await rawGet(url);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    expect(Number(plain.headers['content-length'])).toBe(wasm.length);
    expect(plain.body.equals(wasm)).toBe(true);

    const head = await rawGet(url, { 'Accept-Encoding': 'br' }, 'HEAD');
    expect(head.headers['content-length']).toBe(br.headers['content-length']);
    expect(head.body.length).toBe(0);
  });

  it('leaves images alone, and sends identity when compression is off', async () => {
    const png = await rawGet(new URL('icon.png', on.url).href, { 'Accept-Encoding': 'br' });
    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.headers.vary).toBeUndefined();
    const wasmOff = await rawGet(new URL('assets/ort.wasm', off.url).href, { 'Accept-Encoding': 'br, gzip' });
    expect(wasmOff.headers['content-encoding']).toBeUndefined();
    expect(wasmOff.body.equals(wasm)).toBe(true);
  });

  it('answers a Range with identity bytes of the file (never a range of an encoded body), 416 past the end', async () => {
    const url = new URL('assets/ort.wasm', on.url).href;
    const part = await rawGet(url, { Range: 'bytes=100000-', 'Accept-Encoding': 'br' });
    expect(part.status).toBe(206);
    expect(part.headers['content-encoding']).toBeUndefined();
    expect(part.headers['content-range']).toBe(`bytes 100000-${wasm.length - 1}/${wasm.length}`);
    expect(part.body.equals(wasm.subarray(100000))).toBe(true);
    expect((await rawGet(url, { Range: `bytes=${wasm.length}-` })).status).toBe(416);
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=5-9', 100)).toEqual({ start: 5, end: 9 });
    expect(parseRange('bytes=0-1,5-6', 100)).toBeUndefined();
  });
});

function dirOutside(dist: string): string {
  return join(dist, '..');
}
