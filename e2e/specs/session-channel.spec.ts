import { expect, test, type Page } from '@playwright/test';
import { E2E_PORT } from '../support/ports.ts';
import { devToken, startFunctionServer, type FunctionLogLine, type FunctionServer } from '../support/function-server.ts';

/**
 * A remote stage over the session channel in headless Chromium, against the real translate
 * function on Node (the spec starts it; fixed provider, so its logs count provider calls per
 * idempotency key). What crosses is read off the wire too: every WebSocket frame the page sent.
 */
const ORIGIN = `http://127.0.0.1:${E2E_PORT}`;
let server: FunctionServer | undefined;

test.afterEach(async () => {
  await server?.stop();
  server = undefined;
});

interface Utterance {
  output: string;
  transport?: string;
  transportFallback?: string;
  attempts?: number;
  replayed?: boolean;
}

async function open(page: Page): Promise<string[]> {
  const sent: string[] = [];
  page.on('websocket', (ws) => ws.on('framesent', (f) => sent.push(String(f.payload))));
  await page.goto('/session-channel/');
  await expect(page.locator('#status')).toHaveText('ready');
  return sent;
}

const utter = (page: Page, text: string) => page.evaluate((t) => window.sc.utter(t), text) as Promise<Utterance>;

/** Translate calls the function logged, by idempotency key: how many times the provider ran for each. */
function providerRunsByKey(logs: FunctionLogLine[]): Map<string, number> {
  const runs = new Map<string, number>();
  for (const l of logs) {
    if (l.path !== '/v1/translate' || !l.idempotencyKey) continue;
    runs.set(l.idempotencyKey, (runs.get(l.idempotencyKey) ?? 0) + (l.providerCalled === true ? 1 : 0));
  }
  return runs;
}

test('a session: each utterance one message on one channel, each answered once, nothing but the sanitized body on the wire', async ({ page }) => {
  server = await startFunctionServer({ allowedOrigin: ORIGIN });
  const sent = await open(page);
  await page.evaluate((s) => window.sc.init(s), { endpoint: server.url, token: devToken('session-user') });
  await page.evaluate(() => window.sc.openSession());
  expect(await page.evaluate(() => window.sc.sessionState())).toBe('idle'); // opened lazily, by the first call

  const texts = ['good morning', 'the house is big', 'where is the station', 'thank you very much', 'see you tomorrow'];
  const results: Utterance[] = [];
  for (const t of texts) results.push(await utter(page, t));
  expect(results.map((r) => r.output)).toEqual(texts.map((t) => `[es] ${t}`));
  expect(results.every((r) => r.transport === 'channel' && r.attempts === 1 && r.replayed === false && r.transportFallback === undefined)).toBe(true);
  expect(await page.evaluate(() => window.sc.sessionState())).toBe('open');

  // One frame per utterance, each the envelope around exactly the sanitized body.
  expect(sent).toHaveLength(texts.length);
  const frames = sent.map((f) => JSON.parse(f) as { id: number; route: string; idempotencyKey: string; body: Record<string, unknown> });
  expect(frames.map((f) => f.body)).toEqual(texts.map((text) => ({ text, redaction: { version: 1, placeholders: [] }, source: 'eng', target: 'spa', label: 'sanitized' })));
  expect(frames.every((f) => f.route === '/v1/translate' && Object.keys(f).sort().join() === 'body,id,idempotencyKey,route')).toBe(true);

  // Server side: one WS message and one provider run per key, no HTTP translate at all.
  await expect.poll(() => server!.logs.filter((l) => l.method === 'WS').length).toBe(texts.length);
  const runs = providerRunsByKey(server.logs);
  expect([...runs.keys()].sort()).toEqual(frames.map((f) => f.idempotencyKey).sort());
  expect([...runs.values()]).toEqual(texts.map(() => 1));
  expect(server.logs.filter((l) => l.method === 'POST')).toEqual([]);

  // Closing the session: the next utterance goes over HTTP, by choice (no fallback reason).
  await page.evaluate(() => window.sc.closeSession());
  expect(await utter(page, 'good night')).toMatchObject({ output: '[es] good night', transport: 'http', transportFallback: undefined });
});

test('the function closes the channel mid-session (token expired): each in-flight utterance is retried once over HTTP, same key, and run once', async ({ page }) => {
  // Each translation takes 2 s, so a message is still running when the function closes the channel.
  server = await startFunctionServer({ allowedOrigin: ORIGIN, env: { TANDEM_FIXED_DELAY_MS: '2000' } });
  await open(page);
  const shortToken = devToken('expiring-user', 6);
  const exp = (JSON.parse(Buffer.from(shortToken.split('.')[1]!, 'base64url').toString()) as { exp: number }).exp * 1000;
  await page.evaluate((s) => window.sc.init(s), { endpoint: server.url, token: shortToken, timeoutMs: 8_000 });
  await page.evaluate(() => window.sc.openSession());
  expect(await utter(page, 'first words')).toMatchObject({ transport: 'channel', replayed: false });

  // u1 goes out before the token expires and is still running after; u2 goes out after expiry,
  // so the function closes the channel (4401) instead of running it, with u1 in flight.
  await page.waitForTimeout(Math.max(0, exp - 1_300 - Date.now()));
  const u1 = utter(page, 'in flight when it closed');
  await page.waitForTimeout(Math.max(0, exp + 300 - Date.now()));
  await page.evaluate((t) => window.sc.setToken(t), devToken('expiring-user'));
  const u2 = utter(page, 'sent after expiry');
  const [r1, r2] = await Promise.all([u1, u2]);
  expect(r1).toMatchObject({ output: '[es] in flight when it closed', transport: 'http', transportFallback: 'channel-dropped', attempts: 1, replayed: true });
  expect(r2).toMatchObject({ output: '[es] sent after expiry', transport: 'http', transportFallback: 'channel-dropped', attempts: 1, replayed: false });

  // The next utterance opens a new channel with the fresh token.
  expect(await utter(page, 'back on the channel')).toMatchObject({ transport: 'channel', transportFallback: undefined });
  const expired = server.logs.filter((l) => l.method === 'WS' && l.status === 401);
  expect(expired).toHaveLength(1);
  // Exactly once on the server: one provider run per key, whichever transport carried it.
  await expect.poll(() => [...providerRunsByKey(server!.logs).values()]).toEqual([1, 1, 1, 1]);
});

test('the function process stops mid-session with a message in flight and comes back: the utterance arrives once, translated once', async ({ page }) => {
  // 1.5 s per translation, so the message is still running when the process goes away.
  server = await startFunctionServer({ allowedOrigin: ORIGIN, env: { TANDEM_FIXED_DELAY_MS: '1500' } });
  await open(page);
  await page.evaluate((s) => window.sc.init(s), { endpoint: server.url, token: devToken('restart-user'), timeoutMs: 5_000, retries: 10, retryDelayMs: 400 });
  await page.evaluate(() => window.sc.openSession());
  expect(await utter(page, 'before the restart')).toMatchObject({ transport: 'channel' });

  const inFlight = utter(page, 'in flight during the restart');
  await expect.poll(() => server!.logs.length, { timeout: 5_000 }).toBeGreaterThan(0);
  await page.waitForTimeout(300);
  // SIGTERM: the server ends its channels (close, not a clean reply) and exits; then it starts
  // again on the same port with an empty idempotency store.
  await server.restart();
  const r = await inFlight;
  expect(r.output).toBe('[es] in flight during the restart');
  // The dropped message went again over HTTP (refused while the process was down, retried) or,
  // when a retry found the function back, over a new channel: either way under the same key.
  if (r.transport === 'http') expect(['channel-dropped', 'upgrade-failed']).toContain(r.transportFallback);
  else expect(r).toMatchObject({ transport: 'channel', transportFallback: undefined });
  expect(r.attempts).toBeGreaterThanOrEqual(2);
  // Every key ran the provider once at most: the dead process never finished its run.
  const runs = providerRunsByKey(server.logs);
  expect([...runs.values()].every((n) => n === 1)).toBe(true);
  expect(server.logs.filter((l) => l.path === '/v1/translate' && l.providerCalled === true)).toHaveLength(2);
});

test('the page reloads with a message in flight: the next page delivers it under the same key, translated once', async ({ page }) => {
  // 2 s per translation, so the message is still running on the function when the page goes.
  server = await startFunctionServer({ allowedOrigin: ORIGIN, env: { TANDEM_FIXED_DELAY_MS: '2000' } });
  const sent = await open(page);
  const setup = { endpoint: server.url, token: devToken('reload-user'), timeoutMs: 8_000, queue: true };
  await page.evaluate((s) => window.sc.init(s), setup);
  await page.evaluate(() => window.sc.openSession());
  expect(await utter(page, 'before the reload')).toMatchObject({ transport: 'channel', replayed: false });
  expect(await page.evaluate(() => window.sc.queuedIds())).toEqual([]); // answered: its record is gone

  // Sent, not answered: the call is kept in the offline queue from before its frame left.
  void utter(page, 'in flight during the reload').catch(() => undefined); // the reload ends this evaluate
  await expect.poll(() => sent.length).toBe(2);
  const key = (JSON.parse(sent[1]!) as { idempotencyKey: string }).idempotencyKey;
  expect(await page.evaluate(() => window.sc.queuedIds())).toEqual([key]);

  await page.reload();
  await expect(page.locator('#status')).toHaveText('ready');
  await page.evaluate((s) => window.sc.init(s), setup);
  await page.evaluate(() => window.sc.openSession());
  await page.evaluate(() => window.sc.start());

  // The new page's delivery loop sends it again under the same key and gets its translation.
  await expect.poll(() => page.evaluate(() => window.sc.deliveries()), { timeout: 10_000 }).toHaveLength(1);
  expect(await page.evaluate(() => window.sc.deliveries())).toEqual([{ id: key, translation: '[es] in flight during the reload', transport: 'channel', replayed: true }]);
  expect(await page.evaluate(() => window.sc.queuedIds())).toEqual([]);
  // Nothing lost, nothing twice: both keys reached the function, each ran the provider once.
  const frames = sent.map((f) => JSON.parse(f) as { idempotencyKey: string; body: { text: string } });
  expect(frames.map((f) => f.body.text)).toEqual(['before the reload', 'in flight during the reload', 'in flight during the reload']);
  expect(frames[2]!.idempotencyKey).toBe(key);
  await expect.poll(() => providerRunsByKey(server!.logs).get(key)).toBe(1);
  expect(server.logs.filter((l) => l.path === '/v1/translate' && l.providerCalled === true)).toHaveLength(2);
  expect(server.logs.filter((l) => l.method === 'POST')).toEqual([]);
});

test('no WebSocket in the page: the session falls back to HTTP and the trace says why', async ({ page }) => {
  server = await startFunctionServer({ allowedOrigin: ORIGIN });
  await page.addInitScript(() => {
    // As an old WebView without WebSocket would be.
    delete (globalThis as { WebSocket?: unknown }).WebSocket;
  });
  await open(page);
  await page.evaluate((s) => window.sc.init(s), { endpoint: server.url, token: devToken('no-ws-user') });
  await page.evaluate(() => window.sc.openSession());
  expect(await utter(page, 'good morning')).toMatchObject({ output: '[es] good morning', transport: 'http', transportFallback: 'no-websocket' });
  expect(await page.evaluate(() => window.sc.sessionState())).toBe('unavailable');
  // The CORS preflight, then the POST: nothing tried a WebSocket.
  expect(server.logs.filter((l) => l.path === '/v1/translate').map((l) => l.method)).toEqual(['OPTIONS', 'POST']);
});
