import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PROBLEM_BASE } from '@tandem/functions';
import { startApertiumApy, startNodeServer, type ApertiumApyProcess } from '../index.js';
import { badInputs, badTokens, type BadInput, type BadTokens } from './support/bad-input.js';
import { functionEnv, post, prng, token, translateBody } from './support/requests.js';
import { retryingStaleSockets } from './support/stale-socket-retry.js';
import { startWorkerd } from './support/workerd.js';

/**
 * The bad-input suite: 330 seeded requests that are wrong in every way a client can get one
 * wrong (support/bad-input.ts), sent to the function on workerd and on Node with the real
 * apertium-apy behind it. Every answer must be a 4xx problem+json whose body names the same
 * status; none may be a 5xx; and a valid translate and a valid punctuate still succeed after
 * every 50. The rate limit is lifted here so each request reaches the check it is aimed at
 * (the limiter has its own tests).
 */
const BAD_REQUESTS = 330;
const SEED = 0xbad1;

let apy: ApertiumApyProcess;
let tokens: BadTokens;
const nativeFetch = globalThis.fetch;

beforeAll(async () => {
  globalThis.fetch = retryingStaleSockets(nativeFetch);
  apy = await startApertiumApy();
  tokens = await badTokens(20);
}, 30_000);

afterAll(async () => {
  globalThis.fetch = nativeFetch;
  await apy?.stop();
});

const env = () => ({ ...functionEnv, APERTIUM_APY_URL: apy.url, TANDEM_RATE_LIMIT_PER_MINUTE: '100000', TANDEM_RATE_LIMIT_BURST: '100000' });

const runtimes: [string, () => Promise<{ url: string; stop: () => Promise<void> }>][] = [
  ['workerd (miniflare)', async () => {
    const w = await startWorkerd(env());
    return { url: w.url, stop: () => w.dispose() };
  }],
  ['Node (@hono/node-server)', async () => {
    const s = await startNodeServer({ env: env() });
    return { url: s.url, stop: () => s.close() };
  }],
];

/** What is wrong with one answer, or undefined when it is the 4xx problem it must be. */
async function judge(c: BadInput, res: Response): Promise<string | undefined> {
  const text = await res.text();
  const why = (what: string) => `${c.kind} ${c.init.method ?? 'GET'} ${c.path} → ${res.status}: ${what} ${text.slice(0, 160)}`;
  if (res.status < 400 || res.status > 499) return why('not a 4xx');
  if (c.expect && !c.expect.includes(res.status)) return why(`expected ${c.expect.join('/')}`);
  if (res.headers.get('content-type') !== 'application/problem+json') return why(`content-type ${res.headers.get('content-type')}`);
  let body: { type?: unknown; status?: unknown; stack?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return why('body is not JSON');
  }
  if (body.status !== res.status || typeof body.type !== 'string' || !body.type.startsWith(PROBLEM_BASE)) return why('not a problem of this status');
  if ('stack' in body) return why('carries a stack');
  return undefined;
}

describe.each(runtimes)('bad input on %s', (_name, start) => {
  let url: string;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ url, stop } = await start());
  }, 30_000);
  afterAll(async () => {
    await stop?.();
  });

  async function validRequestsStillWork(after: string): Promise<void> {
    const auth = { authorization: `Bearer ${await token('bad-input-valid')}` };
    const translated = await post(url, translateBody('good morning'), auth);
    expect(translated.status, after).toBe(200);
    expect(await translated.json(), after).toMatchObject({ translation: 'buenos días', provider: 'apertium' });
    const punctuated = await post(url, { text: 'my name is ⟦1⟧ and i live in ⟦2⟧', redaction: { version: 1, placeholders: ['⟦1⟧', '⟦2⟧'] }, label: 'sanitized' }, auth, '/v1/punctuate');
    expect(punctuated.status, after).toBe(200);
    expect(await punctuated.json(), after).toMatchObject({ text: 'My name is ⟦1⟧ and I live in ⟦2⟧.' });
  }

  test(`${BAD_REQUESTS} seeded bad requests: every answer a 4xx problem+json, no 5xx; valid requests succeed after every 50`, async () => {
    const cases = badInputs(prng(SEED), tokens, BAD_REQUESTS);
    const wrong: string[] = [];
    const statuses = new Map<number, number>();
    const kinds = new Set<string>();
    let checkpoints = 0;
    for (const [i, c] of cases.entries()) {
      kinds.add(c.kind.replace(/^jwt-.*/, 'jwt'));
      const res = await fetch(url + c.path, c.init);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const problem = await judge(c, res);
      if (problem) wrong.push(`#${i} ${problem}`);
      if ((i + 1) % 50 === 0) {
        await validRequestsStillWork(`valid request after bad request #${i}`);
        checkpoints++;
      }
    }
    expect(wrong).toEqual([]);
    expect(checkpoints).toBe(Math.floor(BAD_REQUESTS / 50));
    expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([]);
    // The mix reached every check: body parsing, schema, label, placeholders, pairs, auth, CORS, routing, limits.
    expect(kinds.size).toBeGreaterThanOrEqual(40);
    for (const status of [400, 401, 403, 404, 405, 413, 415]) expect(statuses.get(status) ?? 0, `status ${status}`).toBeGreaterThan(0);
    await validRequestsStillWork('valid request at the end');
  }, 180_000);
});
