import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startNodeServer } from '../index.js';
import { BURST, functionEnv, post, token, translateBody } from './support/requests.js';
import { retryingStaleSockets } from './support/stale-socket-retry.js';
import { startWorkerd } from './support/workerd.js';

/**
 * Who the rate limiter thinks is calling (issue #14, item 5), on the real runtimes: the client is
 * what the runtime vouches for (the socket on Node, the edge's CF-Connecting-IP on Cloudflare),
 * and failed sign-ins count per client. A refill of 1 a minute keeps the counts exact.
 */
const LIMITS = { TANDEM_PROVIDER: 'fixed', TANDEM_RATE_LIMIT_PER_MINUTE: '1', TANDEM_RATE_LIMIT_BURST: String(BURST) };
const withTokens = { ...functionEnv, ...LIMITS };
const anonymous: Record<string, string> = { ...LIMITS, TANDEM_AUTH: 'none' };

interface Runtime {
  url: string;
  stop(): Promise<void>;
}

const runtimes: [string, (env: Record<string, string>) => Promise<Runtime>][] = [
  [
    'workerd (miniflare)',
    async (env) => {
      const w = await startWorkerd(env);
      return { url: w.url, stop: () => w.dispose() };
    },
  ],
  ['Node (@hono/node-server)', (env) => startNodeServer({ env, logger: () => {} }).then((s) => ({ url: s.url, stop: () => s.close() }))],
];

const nativeFetch = globalThis.fetch;
beforeAll(() => {
  globalThis.fetch = retryingStaleSockets(nativeFetch);
});

const started: Runtime[] = [];
async function start(run: (env: Record<string, string>) => Promise<Runtime>, env: Record<string, string>): Promise<Runtime> {
  const rt = await run(env);
  started.push(rt);
  return rt;
}
afterAll(async () => {
  globalThis.fetch = nativeFetch;
  await Promise.all(started.map((rt) => rt.stop()));
});

describe.each(runtimes)('client limits on %s', (name, run) => {
  test('200 requests with bad tokens from one client: 401 for the burst, then 429 with Retry-After', async () => {
    const { url } = await start(run, withTokens);
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) {
      const res = await post(url, translateBody('hello'), { authorization: `Bearer not-a-token-${i}`, 'cf-connecting-ip': '203.0.113.9' });
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      await res.arrayBuffer();
    }
    expect(statuses.slice(0, BURST)).toEqual(Array(BURST).fill(401));
    expect(statuses.slice(BURST)).toEqual(Array(200 - BURST).fill(429));
    // A caller with a valid token has its own bucket: a flood of bad tokens does not lock it out.
    const valid = await post(url, translateBody('hello'), { authorization: `Bearer ${await token('flooded-client-user')}`, 'cf-connecting-ip': '203.0.113.9' });
    expect(valid.status).toBe(200);
  }, 60_000);

  if (name.startsWith('Node')) {
    test('without tokens, rotating CF-Connecting-IP does not escape the limit: Node keys on the socket', async () => {
      const { url } = await start(run, anonymous);
      const statuses: number[] = [];
      for (let i = 0; i < 3 * BURST; i++) {
        const res = await post(url, translateBody('hello'), { 'cf-connecting-ip': `198.51.100.${i + 1}` });
        statuses.push(res.status);
        await res.arrayBuffer();
      }
      expect(statuses.slice(0, BURST)).toEqual(Array(BURST).fill(200));
      expect(statuses.slice(BURST)).toEqual(Array(2 * BURST).fill(429));
    }, 30_000);
  } else {
    test('without tokens, CF-Connecting-IP (set by the edge on Cloudflare) keys the bucket', async () => {
      const { url } = await start(run, anonymous);
      const from = async (ip: string) => {
        const res = await post(url, translateBody('hello'), { 'cf-connecting-ip': ip });
        await res.arrayBuffer();
        return res.status;
      };
      const first: number[] = [];
      for (let i = 0; i < BURST + 2; i++) first.push(await from('198.51.100.1'));
      expect(first).toEqual([...Array(BURST).fill(200), 429, 429]);
      expect(await from('198.51.100.2')).toBe(200);
    }, 30_000);
  }
});
