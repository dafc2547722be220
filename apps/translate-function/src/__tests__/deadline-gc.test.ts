import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApertiumApyProvider, createOpenAiCompatibleProvider, createTranslateApp, ProviderError, silentLogger, withProviderDeadline } from '@tandem/functions';
import { underGc } from './support/forced-gc.js';

/**
 * Deadlines must fire after a garbage collection: on Node 20, `AbortSignal.any` with
 * `AbortSignal.timeout` stops firing once GC has run (nodejs/node#57736), which hung every
 * request while the apertium-apy sidecar was stopped. The upstream here is a real HTTP server
 * that accepts every request and never answers (a stalled sidecar); GC is forced while waiting.
 */
let stalled: Server;
let url: string;
const held: ServerResponse[] = [];

beforeAll(async () => {
  stalled = createServer((_req, res) => held.push(res));
  await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(stalled.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of held) res.destroy();
  stalled.closeAllConnections();
  await new Promise((resolve) => stalled.close(resolve));
});

describe('withProviderDeadline', () => {
  test('rejects with ProviderError("timeout") on time even when the work ignores its signal and GC runs', async () => {
    const out = await underGc(() => withProviderDeadline('never', () => new Promise<never>(() => undefined), { timeoutMs: 200 }));
    expect(out.error).toBeInstanceOf(ProviderError);
    expect((out.error as ProviderError).kind).toBe('timeout');
    expect(out.ms).toBeGreaterThanOrEqual(190);
    expect(out.ms).toBeLessThan(2_000);
  });

  test("the caller's abort wins and is rethrown as the caller's reason", async () => {
    const caller = new AbortController();
    const reason = new Error('outer deadline');
    setTimeout(() => caller.abort(reason), 50);
    const out = await underGc(() => withProviderDeadline('never', () => new Promise<never>(() => undefined), { signal: caller.signal, timeoutMs: 5_000 }));
    expect(out.error).toBe(reason);
    expect(out.ms).toBeLessThan(2_000);
  });
});

describe('a stalled upstream, with forced garbage collection', () => {
  test('apertium-apy provider: translate and healthy() end at their deadline', async () => {
    const provider = createApertiumApyProvider({ url, timeoutMs: 300 });
    const request = { text: 'good morning', source: 'eng', target: 'spa', placeholders: [] };
    const out = await underGc(() => provider.translate(request, new AbortController().signal));
    expect(out.error).toBeInstanceOf(ProviderError);
    expect((out.error as ProviderError).kind).toBe('timeout');
    expect(out.ms).toBeLessThan(2_000);
    const health = await underGc(() => provider.healthy(new AbortController().signal));
    expect(health.value).toBe(false);
    expect(health.ms).toBeLessThan(2_000);
  });

  test('openai-compatible provider: translate ends at its deadline', async () => {
    const provider = createOpenAiCompatibleProvider({ baseUrl: url, model: 'm', timeoutMs: 300 });
    const out = await underGc(() => provider.translate({ text: 'hi', source: 'eng', target: 'spa', placeholders: [] }, new AbortController().signal));
    expect((out.error as ProviderError).kind).toBe('timeout');
    expect(out.ms).toBeLessThan(2_000);
  });

  test('the app answers a JSON 504 at providerTimeoutMs (the provider\'s own deadline is longer) and /healthz 503', async () => {
    const app = createTranslateApp({
      provider: createApertiumApyProvider({ url, timeoutMs: 10_000 }),
      auth: false,
      allowedOrigins: [],
      logger: silentLogger,
      providerTimeoutMs: 300,
    });
    const body = JSON.stringify({ text: 'good morning', source: 'eng', target: 'spa', redaction: { version: 1, placeholders: [] }, label: 'sanitized' });
    const out = await underGc(() => Promise.resolve(app.request('/v1/translate', { method: 'POST', headers: { 'content-type': 'application/json' }, body })));
    const res = out.value as Response;
    expect(res.status).toBe(504);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 504, type: 'https://tandem.dev/problems/provider-timeout' });
    expect(out.ms).toBeLessThan(2_000);
    const health = await underGc(() => Promise.resolve(app.request('/healthz')));
    expect((health.value as Response).status).toBe(503);
    expect(health.ms).toBeLessThan(4_000);
  });
});
