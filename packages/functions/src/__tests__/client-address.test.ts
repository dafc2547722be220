import { describe, expect, test } from 'vitest';
import { createTranslateApp } from '../translate-app.js';
import { silentLogger } from '../log.js';
import { createFixedProvider } from '../providers/fixed.js';

/**
 * The library's default client identity trusts no header: without a runtime-supplied
 * `clientAddress`, every anonymous caller shares one bucket, whatever CF-Connecting-IP says.
 */
const body = JSON.stringify({ text: 'hi', source: 'eng', target: 'spa', redaction: { version: 1, placeholders: [] }, label: 'sanitized' });

function send(app: ReturnType<typeof createTranslateApp>, headers: Record<string, string>): Promise<number> {
  return Promise.resolve(app.request('/v1/translate', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })).then((r) => r.status);
}

describe('client identity for rate limits', () => {
  test('by default a client-set CF-Connecting-IP does not give a fresh bucket', async () => {
    const app = createTranslateApp({ provider: createFixedProvider(), auth: false, allowedOrigins: [], rateLimit: { perMinute: 1, burst: 3 }, logger: silentLogger });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push(await send(app, { 'cf-connecting-ip': `198.51.100.${i}` }));
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
  });

  test('an injected clientAddress keys the anonymous bucket', async () => {
    const app = createTranslateApp({
      provider: createFixedProvider(),
      auth: false,
      allowedOrigins: [],
      rateLimit: { perMinute: 1, burst: 1 },
      logger: silentLogger,
      clientAddress: (c) => c.req.header('x-test-client'),
    });
    expect(await send(app, { 'x-test-client': 'a' })).toBe(200);
    expect(await send(app, { 'x-test-client': 'a' })).toBe(429);
    expect(await send(app, { 'x-test-client': 'b' })).toBe(200);
    // IPv6 addresses count by /64: rotating the interface half gets no fresh bucket.
    expect(await send(app, { 'x-test-client': '2001:db8:1:2::a' })).toBe(200);
    expect(await send(app, { 'x-test-client': '2001:db8:1:2::b' })).toBe(429);
    expect(await send(app, { 'x-test-client': '2001:db8:1:3::a' })).toBe(200);
  });
});
