import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startApertiumApy, startNodeServer, type ApertiumApyProcess } from '../index.js';
import { functionEnv, post, token, translateBody } from './support/requests.js';
import { gc } from './support/forced-gc.js';
import { startWorkerd } from './support/workerd.js';

/**
 * A stalled sidecar (issue #14, item 2): the real apertium-apy, stopped with SIGSTOP, accepts
 * connections and never answers. Every translate request in flight must end in a JSON 504 at the
 * function's deadline, on workerd and on Node, while other routes keep answering. The Node
 * server runs in this process, so garbage collection is forced while the requests wait: Node 20
 * drops `AbortSignal.any` + `AbortSignal.timeout` deadlines after a GC (nodejs/node#57736).
 */
const DEADLINE_MS = 1_500;
/** Loaded machine: the answer may come this long after the deadline and still count as on time. */
const SLACK_MS = 3_000;

let apy: ApertiumApyProcess;
let stoppedApy = false;

beforeAll(async () => {
  apy = await startApertiumApy();
  await fetch(`${apy.url}/translate`, { method: 'POST', body: new URLSearchParams({ q: 'warm', langpair: 'eng|spa' }) });
}, 30_000);

afterAll(async () => {
  if (stoppedApy) process.kill(apy.pid, 'SIGCONT');
  await apy?.stop();
});

const env = { ...functionEnv, TANDEM_PROVIDER_TIMEOUT_MS: String(DEADLINE_MS) };

const runtimes: [string, () => Promise<{ url: string; stop: () => Promise<void> }>][] = [
  ['workerd (miniflare)', async () => {
    const w = await startWorkerd({ ...env, APERTIUM_APY_URL: apy.url });
    return { url: w.url, stop: () => w.dispose() };
  }],
  ['Node (@hono/node-server)', async () => {
    const s = await startNodeServer({ env: { ...env, APERTIUM_APY_URL: apy.url }, logger: () => undefined });
    return { url: s.url, stop: () => s.close() };
  }],
];

/** Response, status, body and elapsed time of one request. */
async function timed(request: () => Promise<Response>): Promise<{ status: number; type: string | null; body: unknown; ms: number }> {
  const started = performance.now();
  const res = await request();
  const body: unknown = await res.json();
  return { status: res.status, type: res.headers.get('content-type'), body, ms: performance.now() - started };
}

describe.each(runtimes)('a stalled apertium-apy behind the function on %s', (name, start) => {
  let rt: { url: string; stop: () => Promise<void> };
  beforeAll(async () => {
    rt = await start();
    // Answers while apy still runs, so the 504s below are the stall's doing.
    const ok = await post(rt.url, translateBody('good morning'), { authorization: `Bearer ${await token(`stall-warm-${name}`)}` });
    expect(ok.status).toBe(200);
    process.kill(apy.pid, 'SIGSTOP');
    stoppedApy = true;
  }, 30_000);
  afterAll(async () => {
    process.kill(apy.pid, 'SIGCONT');
    stoppedApy = false;
    await rt?.stop();
  });

  test('every translate request in flight gets a JSON 504 at the deadline; punctuate and healthz keep answering', async () => {
    const auth = { authorization: `Bearer ${await token(`stall-${name}`)}` };
    const collector = setInterval(gc, 25);
    try {
      const translations = [1, 2, 3].map((i) => timed(() => post(rt.url, translateBody(`good morning ${i}`), auth)));
      // While those wait on apy: a route that needs no provider answers at once, health in ≤ 2 s.
      const punctuate = await timed(() => post(rt.url, { text: 'where do you live', redaction: { version: 1, placeholders: [] }, label: 'sanitized' }, auth, '/v1/punctuate'));
      expect(punctuate.status).toBe(200);
      expect(punctuate.body).toMatchObject({ text: 'Where do you live?' });
      expect(punctuate.ms).toBeLessThan(SLACK_MS);
      const health = await timed(() => fetch(`${rt.url}/healthz`));
      expect(health.status).toBe(503);
      expect(health.body).toEqual({ status: 'degraded', provider: 'apertium', checks: { provider: 'down' } });
      expect(health.ms).toBeLessThan(2_000 + SLACK_MS);
      for (const t of await Promise.all(translations)) {
        expect(t.status).toBe(504);
        expect(t.type).toBe('application/problem+json');
        expect(t.body).toMatchObject({ type: 'https://tandem.dev/problems/provider-timeout', status: 504 });
        expect(t.ms).toBeGreaterThanOrEqual(DEADLINE_MS - 50);
        expect(t.ms).toBeLessThan(DEADLINE_MS + SLACK_MS);
      }
    } finally {
      clearInterval(collector);
    }
  }, 30_000);
});
