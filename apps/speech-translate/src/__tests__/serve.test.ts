import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer } from '../../scripts/serve.mjs';

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
    expect(csp).toContain("connect-src 'self' http://127.0.0.1:9999");
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

function dirOutside(dist: string): string {
  return join(dist, '..');
}
