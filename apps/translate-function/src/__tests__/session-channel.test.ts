import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CHANNEL_CLOSE, CHANNEL_PROTOCOL, type RequestLog } from '@tandem/functions';
import { startNodeServer } from '../index.js';
import { openChannel, type TestChannel } from './support/channel-client.js';
import { ALLOWED_ORIGIN, BURST, functionEnv, post, token, translateBody } from './support/requests.js';
import { startWorkerd } from './support/workerd.js';

/**
 * The session channel (`GET /v1/session`, a WebSocket) on both real runtimes: the gates at open
 * (token in the subprotocol, origin allowlist), the gates per message (expiry, rate limit, size,
 * JSON, label, schema) from the same code as HTTP, and one idempotency store for both transports.
 */
const env = { ...functionEnv, TANDEM_PROVIDER: 'fixed', TANDEM_FIXED_RESPONSE: '[es] {text}' };

interface Runtime {
  url: string;
  logs(): Partial<RequestLog>[];
  stop(): Promise<void>;
}

const runtimes: [string, () => Promise<Runtime>][] = [
  [
    'workerd (miniflare)',
    async () => {
      const w = await startWorkerd(env);
      const logs = () => w.logs.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Partial<RequestLog>);
      return { url: w.url, logs, stop: () => w.dispose() };
    },
  ],
  [
    'Node (@hono/node-server)',
    async () => {
      const logs: RequestLog[] = [];
      const s = await startNodeServer({ env, logger: (e) => logs.push(e) });
      return { url: s.url, logs: () => logs, stop: () => s.close() };
    },
  ],
];

const sanitized = (text: string) => translateBody(text);

describe.each(runtimes)('the session channel on %s', (name, start) => {
  let rt: Runtime;
  const open: TestChannel[] = [];
  beforeAll(async () => {
    rt = await start();
  }, 60_000);
  afterAll(async () => {
    for (const c of open) c.close();
    await rt.stop();
  });
  const channel = async (subject: string, ttlSeconds?: number) => {
    const c = await openChannel(rt.url, { token: await token(subject, ttlSeconds === undefined ? {} : { ttlSeconds }), origin: ALLOWED_ORIGIN });
    open.push(c);
    return c;
  };

  test('opens with the token in a subprotocol, answers tandem.v1 only, and negotiates permessage-deflate', async () => {
    const c = await channel('open-ok');
    expect(c.ws.protocol).toBe(CHANNEL_PROTOCOL);
    // Reported, not assumed: workerd and ws both negotiate it with a client that offers it.
    expect(c.ws.extensions, name).toContain('permessage-deflate');
  });

  test('replies are deflated too: a 1.8 kB answer arrives in far fewer bytes', async () => {
    const c = await channel('deflate');
    const socket = (c.ws as unknown as { _socket: { bytesRead: number } })._socket;
    const text = 'hello there '.repeat(150).trim();
    const before = socket.bytesRead;
    const reply = await c.call({ id: 1, route: '/v1/translate', idempotencyKey: crypto.randomUUID(), body: sanitized(text) });
    expect((reply.body as { translation: string }).translation).toBe(`[es] ${text}`);
    expect(JSON.stringify(reply).length).toBeGreaterThan(1_800);
    expect(socket.bytesRead - before).toBeLessThan(300);
  });

  test('a call is a message: the reply carries its id, status and the checked answer', async () => {
    const c = await channel('call-ok');
    const [a, b] = await Promise.all([
      c.call({ id: 1, route: '/v1/translate', idempotencyKey: crypto.randomUUID(), body: sanitized('good morning') }),
      c.call({ id: 2, route: '/v1/punctuate', body: { text: 'hello there', redaction: { version: 1, placeholders: [] }, label: 'sanitized' } }),
    ]);
    expect(a).toMatchObject({ id: 1, status: 200, body: { translation: '[es] good morning', provider: 'fixed' } });
    expect(b).toMatchObject({ id: 2, status: 200, body: { text: 'Hello there.' } });
  });

  test('one idempotency store for both transports: a key sent on the channel is replayed over HTTP, and again on the channel', async () => {
    const subject = 'idem-both';
    const c = await channel(subject);
    const key = crypto.randomUUID();
    const first = await c.call({ id: 7, route: '/v1/translate', idempotencyKey: key, body: sanitized('the house') });
    expect(first).toMatchObject({ status: 200, body: { translation: '[es] the house' } });
    expect(first.replayed).toBeUndefined();
    const overHttp = await post(rt.url, sanitized('the house'), { authorization: `Bearer ${await token(subject)}`, 'idempotency-key': key });
    expect(overHttp.status).toBe(200);
    expect(overHttp.headers.get('idempotent-replayed')).toBe('true');
    expect(await c.call({ id: 8, route: '/v1/translate', idempotencyKey: key, body: sanitized('the house') })).toMatchObject({ status: 200, replayed: true });
    // Another body under the same key is refused, as over HTTP.
    expect(await c.call({ id: 9, route: '/v1/translate', idempotencyKey: key, body: sanitized('a dog') })).toMatchObject({ status: 422 });
    await expect.poll(() => rt.logs().filter((l) => l.idempotencyKey === key && l.providerCalled === true).length).toBe(1);
    const lines = rt.logs().filter((l) => l.idempotencyKey === key);
    expect(lines.map((l) => `${l.method} ${l.status}`).sort()).toEqual(['POST 200', 'WS 200', 'WS 200', 'WS 422']);
  });

  test('refused at open: no token 401, bad token 401, wrong origin 403, no tandem.v1 400, plain GET 426', async () => {
    const status = (p: Promise<unknown>) => p.then(() => 101, (e: { status?: number }) => e.status);
    expect(await status(openChannel(rt.url, { origin: ALLOWED_ORIGIN }))).toBe(401);
    expect(await status(openChannel(rt.url, { token: 'not-a-token', origin: ALLOWED_ORIGIN }))).toBe(401);
    expect(await status(openChannel(rt.url, { token: await token('wrong-origin'), origin: 'https://evil.example' }))).toBe(403);
    expect(await status(openChannel(rt.url, { protocols: ['other.v1', `bearer.${await token('no-proto')}`], origin: ALLOWED_ORIGIN }))).toBe(400);
    const plain = await fetch(`${rt.url}/v1/session`);
    expect(plain.status).toBe(426);
  });

  test('every message passes the gates: schema, label, route, size, then the shared rate limit', async () => {
    const subject = 'gates';
    const c = await channel(subject);
    const type = async (frame: Record<string, unknown> & { id: number }) => ((await c.call(frame)).problem as { type: string }).type.replace('https://tandem.dev/problems/', '');
    expect(await type({ id: 1, route: '/v1/translate', body: { ...sanitized('x'), text: 42 } })).toBe('validation');
    expect(await type({ id: 2, route: '/v1/translate', body: { ...sanitized('x'), label: 'personal' } })).toBe('label-refused');
    expect(await type({ id: 3, route: '/v1/nothing', body: sanitized('x') })).toBe('not-found');
    expect(await type({ id: 4, route: '/v1/translate', body: sanitized('a'.repeat(20_000)) })).toBe('payload-too-large');
    expect(await type({ id: 5, route: '/v1/translate', extra: 1, body: sanitized('x') })).toBe('bad-request');
    // Opening took one token of the subject's bucket (burst BURST), and the four gated messages
    // above one each (the envelope refusals took none); HTTP draws on the same bucket.
    const statuses: number[] = [];
    for (let i = 0; i < BURST; i++) statuses.push((await c.call({ id: 10 + i, route: '/v1/punctuate', body: { text: 'hi', redaction: { version: 1, placeholders: [] }, label: 'sanitized' } })).status as number);
    expect(statuses.at(-1)).toBe(429);
    expect((await post(rt.url, sanitized('x'), { authorization: `Bearer ${await token(subject)}` })).status).toBe(429);
  });

  test('a frame that is no channel request closes the channel (4400)', async () => {
    const c = await channel('protocol');
    c.send('not json');
    expect(await c.closed).toBe(CHANNEL_CLOSE.protocolError);
  });

  test('the token is re-checked per message: once expired, the channel closes with 4401 and the message is not run', async () => {
    const c = await channel('expiring', 1);
    await new Promise((r) => setTimeout(r, 1_200));
    const key = crypto.randomUUID();
    c.send(JSON.stringify({ id: 1, route: '/v1/translate', idempotencyKey: key, body: sanitized('late') }));
    expect(await c.closed).toBe(CHANNEL_CLOSE.tokenExpired);
    expect(rt.logs().filter((l) => l.idempotencyKey === key)).toEqual([]);
  });
});
