import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { SECRET, token, translateBody } from './support/requests.js';

/**
 * The AWS Lambda entry through hono/aws-lambda, invoked in-process with Function URL (payload
 * v2) events: the same app answers the same way as on workerd and Node.
 */
type Handler = (event: unknown, context: unknown) => Promise<{ statusCode: number; headers?: Record<string, string>; body: string }>;
let handler: Handler;

function event(method: string, path: string, headers: Record<string, string>, body?: string, sourceIp = '198.51.100.7'): unknown {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'abc.lambda-url.eu-west-1.on.aws', ...headers },
    requestContext: {
      http: { method, path, protocol: 'HTTP/1.1', sourceIp, userAgent: 'vitest' },
      domainName: 'abc.lambda-url.eu-west-1.on.aws',
      requestId: 'req-1',
      routeKey: '$default',
      stage: '$default',
      timeEpoch: Date.now(),
    },
    ...(body === undefined ? {} : { body, isBase64Encoded: false }),
  };
}

beforeAll(async () => {
  vi.stubEnv('TANDEM_PROVIDER', 'fixed');
  vi.stubEnv('TANDEM_FIXED_RESPONSE', 'lambda: {text}');
  vi.stubEnv('TANDEM_JWT_SECRET', SECRET);
  vi.stubEnv('TANDEM_ALLOWED_ORIGINS', 'https://pwa.example');
  ({ handler } = (await import('../lambda.js')) as unknown as { handler: Handler });
});
afterAll(() => {
  vi.unstubAllEnvs();
});

describe('AWS Lambda entry', () => {
  test('translates with a token, refuses without one, and keeps CORS deny-by-default', async () => {
    const ok = await handler(event('POST', '/v1/translate', { 'content-type': 'application/json', authorization: `Bearer ${await token('lambda-user')}` }, JSON.stringify(translateBody('hello'))), {});
    expect(ok.statusCode).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ translation: 'lambda: hello', provider: 'fixed' });

    const anon = await handler(event('POST', '/v1/translate', { 'content-type': 'application/json' }, JSON.stringify(translateBody('hello'))), {});
    expect(anon.statusCode).toBe(401);

    const evil = await handler(event('OPTIONS', '/v1/translate', { origin: 'https://evil.example', 'access-control-request-method': 'POST' }), {});
    expect(evil.statusCode).toBe(403);
    const health = await handler(event('GET', '/healthz', {}), {});
    expect(JSON.parse(health.body)).toMatchObject({ status: 'ok', provider: 'fixed' });
  });

  test('failed sign-ins are limited per caller, keyed on the request context, not on headers', async () => {
    // Default limits: a burst of 30. Rotating CF-Connecting-IP does not give a fresh bucket.
    const bad = (ip: string, i: number) =>
      handler(event('POST', '/v1/translate', { 'content-type': 'application/json', authorization: `Bearer bad-${i}`, 'cf-connecting-ip': `192.0.2.${i % 250}` }, '{}', ip), {});
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await bad('203.0.113.50', i)).statusCode);
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(401));
    expect(statuses.slice(30)).toEqual(Array(10).fill(429));
    expect((await bad('203.0.113.51', 0)).statusCode).toBe(401); // another caller, its own bucket
  });

  test('with TANDEM_STATE_DIR (an EFS mount), a second execution environment replays a key the first answered', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-lambda-state-'));
    vi.stubEnv('TANDEM_STATE_DIR', dir);
    const environment = async () => {
      vi.resetModules(); // a fresh module graph: another execution environment, nothing shared in memory
      return ((await import('../lambda.js')) as unknown as { handler: Handler }).handler;
    };
    try {
      const [first, second] = [await environment(), await environment()];
      const request = event('POST', '/v1/translate', { 'content-type': 'application/json', authorization: `Bearer ${await token('lambda-idem')}`, 'idempotency-key': 'k-1' }, JSON.stringify(translateBody('hello')));
      const a = await first(request, {});
      const b = await second(request, {});
      expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
      expect(a.headers?.['idempotent-replayed']).toBeUndefined();
      expect(b.headers?.['idempotent-replayed']).toBe('true');
      expect(b.body).toBe(a.body);
    } finally {
      vi.stubEnv('TANDEM_STATE_DIR', '');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
