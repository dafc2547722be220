import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startNodeServer } from '../index.js';
import { moodFunction } from './support/mood-function.js';
import { BURST, functionEnv, post, token } from './support/requests.js';
import { retryStaleSocketsInThisFile } from './support/stale-socket-retry.js';
import { startWorkerd } from './support/workerd.js';

/**
 * A route of the developer's own (`/v1/mood`, defineFunction) served beside the built-in ones
 * gets the same gates as `/v1/punctuate`, on workerd and on Node: before defineFunction, a route
 * added to the app answered 200 without a token while /v1/punctuate answered 401.
 */
const env = { ...functionEnv, TANDEM_PROVIDER: 'fixed' };
retryStaleSocketsInThisFile();

const runtimes: [string, () => Promise<{ url: string; stop(): Promise<void> }>][] = [
  [
    'workerd (miniflare)',
    async () => {
      const w = await startWorkerd(env, { entry: resolve(import.meta.dirname, 'support/mood-worker.ts') });
      return { url: w.url, stop: () => w.dispose() };
    },
  ],
  [
    'Node (@hono/node-server)',
    async () => {
      const s = await startNodeServer({ env, overrides: { functions: [moodFunction] }, logger: () => {} });
      return { url: s.url, stop: () => s.close() };
    },
  ],
];

const bodies: Record<string, Record<string, unknown>> = {
  '/v1/mood': { text: 'i love this', label: 'sanitized' },
  '/v1/punctuate': { text: 'i love this', redaction: { version: 1, placeholders: [] }, label: 'sanitized' },
};

describe.each(runtimes)('a defineFunction route on %s', (_name, start) => {
  let rt: { url: string; stop(): Promise<void> };
  beforeAll(async () => {
    rt = await start();
  }, 60_000);
  afterAll(() => rt.stop());

  test('answers with a valid token', async () => {
    const res = await post(rt.url, bodies['/v1/mood'], { authorization: `Bearer ${await token('mood-ok')}` }, '/v1/mood');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ mood: 'happy' });
  });

  test.each(['/v1/mood', '/v1/punctuate'])('%s: 401, 415, 413, 400 (schema, label), 405 and 429 like every route', async (path) => {
    const body = bodies[path]!;
    const subject = `gates${path.replaceAll('/', '-')}`;
    const auth = { authorization: `Bearer ${await token(subject)}` };
    const statusOf = async (payload: unknown, headers: Record<string, string>) => (await post(rt.url, payload, headers, path)).status;
    const problemType = async (payload: unknown, headers: Record<string, string>) => ((await (await post(rt.url, payload, headers, path)).json()) as { type: string }).type;

    expect(await statusOf(body, {})).toBe(401);
    expect(await statusOf(body, { authorization: 'Bearer not-a-token' })).toBe(401);
    expect((await fetch(`${rt.url}${path}`, { method: 'POST', headers: { 'content-type': 'text/plain', ...auth }, body: 'i love this' })).status).toBe(415);
    expect(await statusOf({ ...body, text: 'a'.repeat(20_000) }, auth)).toBe(413);
    expect(await problemType({ ...body, text: 42 }, auth)).toBe('https://tandem.dev/problems/validation');
    expect(await problemType({ ...body, label: 'personal' }, auth)).toBe('https://tandem.dev/problems/label-refused');
    expect((await fetch(`${rt.url}${path}`, { headers: auth })).status).toBe(405);
    // The subject's bucket (burst BURST) is shared by every route; the requests above took 5 of it.
    const statuses: number[] = [];
    for (let i = 0; i < BURST; i++) statuses.push(await statusOf(body, auth));
    expect(statuses.slice(0, BURST - 5).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});
