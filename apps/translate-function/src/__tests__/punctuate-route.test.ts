import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RequestLog } from '@tandem/functions';
import { startNodeServer } from '../index.js';
import { ALLOWED_ORIGIN, BURST, functionEnv, post, token } from './support/requests.js';
import { retryStaleSocketsInThisFile } from './support/stale-socket-retry.js';
import { startWorkerd } from './support/workerd.js';

/**
 * POST /v1/punctuate, the rule-based punctuation stage the device can also run: the same code as
 * @tandem/punctuate behind the same gates as /v1/translate (auth, CORS, rate limit, media type,
 * body limit, schema, label), on workerd and on Node. It needs no provider, so the `fixed` one
 * stands in and no apertium-apy is started.
 */
interface Runtime {
  url: string;
  logText(): string;
  stop(): Promise<void>;
}

const env = { ...functionEnv, TANDEM_PROVIDER: 'fixed' };
retryStaleSocketsInThisFile();

const runtimes: [string, () => Promise<Runtime>][] = [
  [
    'workerd (miniflare)',
    async () => {
      const w = await startWorkerd(env);
      return { url: w.url, logText: () => w.logs.join('\n'), stop: () => w.dispose() };
    },
  ],
  [
    'Node (@hono/node-server)',
    async () => {
      const logs: RequestLog[] = [];
      const s = await startNodeServer({ env, logger: (e) => logs.push(e) });
      return { url: s.url, logText: () => logs.map((l) => JSON.stringify(l)).join('\n'), stop: () => s.close() };
    },
  ],
];

function body(text: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { text, redaction: { version: 1, placeholders: ['⟦1⟧', '⟦2⟧'] }, label: 'sanitized', ...overrides };
}

function punctuate(url: string, payload: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return post(url, payload, headers, '/v1/punctuate');
}

describe.each(runtimes)('POST /v1/punctuate on %s', (_name, start) => {
  let rt: Runtime;
  let url: string;
  beforeAll(async () => {
    rt = await start();
    url = rt.url;
  }, 30_000);
  afterAll(async () => {
    await rt?.stop();
  });

  test('punctuates and truecases the redacted transcript, placeholders untouched', async () => {
    const res = await punctuate(url, body('my name is ⟦1⟧ and i live in ⟦2⟧'), { authorization: `Bearer ${await token('punct-user')}` });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const json = (await res.json()) as { text: string; rules: string[]; ms: number };
    expect(json.text).toBe('My name is ⟦1⟧ and I live in ⟦2⟧.');
    expect(new Set(json.rules)).toEqual(new Set(['sentence-start', 'pronoun', 'final-punctuation']));
    expect(typeof json.ms).toBe('number');
    const question = await punctuate(url, body('where do you live'), { authorization: `Bearer ${await token('punct-user')}` });
    expect(((await question.json()) as { text: string }).text).toBe('Where do you live?');
  });

  test('the same gates as /v1/translate: 401, 403, 415, 413, 400 (JSON, schema, label, control characters), 405', async () => {
    const auth = { authorization: `Bearer ${await token('punct-gates')}` };
    expect((await punctuate(url, body('hello'))).status).toBe(401);
    expect((await punctuate(url, body('hello'), { authorization: `Bearer ${await token('u', { scope: 'read' })}` })).status).toBe(403);
    const text = await fetch(`${url}/v1/punctuate`, { method: 'POST', headers: { 'content-type': 'text/plain', ...auth }, body: 'hello' });
    expect(text.status).toBe(415);
    const big = await punctuate(url, body('a'.repeat(17 * 1024)), auth);
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ type: 'https://tandem.dev/problems/payload-too-large' });
    const bad = await punctuate(url, '{"text": "hel', auth);
    expect(await bad.json()).toMatchObject({ status: 400, type: 'https://tandem.dev/problems/bad-request' });
    const extra = await punctuate(url, body('hello', { source: 'eng' }), auth);
    expect(await extra.json()).toMatchObject({ status: 400, type: 'https://tandem.dev/problems/validation' });
    for (const label of ['raw', 'personal', 'public']) {
      const refused = await punctuate(url, body('hello', { label }), auth);
      expect(await refused.json()).toMatchObject({ status: 400, type: 'https://tandem.dev/problems/label-refused' });
    }
    expect((await punctuate(url, body('hello\u001b[2Jworld'), auth)).status).toBe(400);
    expect((await punctuate(url, body('word '.repeat(1000)), auth)).status).toBe(400);
    const get = await fetch(`${url}/v1/punctuate`, { headers: auth });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  test('400, not 500: a placeholder that is an ordinary word, or any shape but the redactor\'s ⟦n⟧', async () => {
    const auth = { authorization: `Bearer ${await token('punct-placeholders')}` };
    for (const placeholder of ['hello', 'i', 'monday', 'good', '⟦P1⟧', '⟦ 1 ⟧']) {
      const res = await punctuate(url, body('hello world i said good monday', { redaction: { version: 1, placeholders: [placeholder] } }), auth);
      expect(res.status, placeholder).toBe(400);
      expect(await res.json()).toMatchObject({ status: 400, type: 'https://tandem.dev/problems/validation', issues: [expect.stringMatching(/^redaction\.placeholders\.0: /)] });
    }
  });

  test('CORS: the allowlisted origin gets headers, others are refused, preflight included', async () => {
    const preflight = await fetch(`${url}/v1/punctuate`, {
      method: 'OPTIONS',
      headers: { origin: ALLOWED_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    const ok = await punctuate(url, body('hello'), { origin: ALLOWED_ORIGIN, authorization: `Bearer ${await token('cors-punct')}` });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    const evilPreflight = await fetch(`${url}/v1/punctuate`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(evilPreflight.status).toBe(403);
    const evil = await punctuate(url, body('hello'), { origin: 'https://evil.example', authorization: `Bearer ${await token('cors-punct')}` });
    expect(evil.status).toBe(403);
  });

  test('shares the per-subject rate limit with /v1/translate, and logs sizes, never the text', async () => {
    const auth = { authorization: `Bearer ${await token('punct-greedy')}` };
    const statuses: number[] = [];
    for (let i = 0; i < BURST + 1; i++) statuses.push((await punctuate(url, body(`the secret plan number ${i}`), auth)).status);
    expect(statuses.slice(0, BURST).every((s) => s === 200)).toBe(true);
    expect(statuses[BURST]).toBe(429);
    await new Promise((r) => setTimeout(r, 200)); // workerd's stdout arrives asynchronously
    const logs = rt.logText();
    expect(logs).toContain('"path":"/v1/punctuate"');
    expect(logs).not.toContain('secret plan');
    expect(logs).not.toContain('Secret plan');
  });
});
