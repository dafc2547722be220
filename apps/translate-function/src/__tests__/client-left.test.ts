import { expect, test } from 'vitest';
import type { RequestLog } from '@tandem/functions';
import { startNodeServer } from '../index.js';

/**
 * A client that gives up mid-request (the browser client's attempt deadline) must still end the
 * request on the function with one 499 log line carrying its idempotency key: on
 * @hono/node-server the aborted signal's reason is no Error, and a handler that rethrew it as is
 * left the request unanswered and unlogged (the e2e circuit specs count those lines).
 */
test('on Node, a request whose client left is logged 499 at once, with its idempotency key', async () => {
  const logs: RequestLog[] = [];
  const server = await startNodeServer({ env: { TANDEM_PROVIDER: 'fixed', TANDEM_FIXED_DELAY_MS: '5000', TANDEM_AUTH: 'none' }, logger: (l) => logs.push(l) });
  try {
    const body = JSON.stringify({ text: 'hi', source: 'eng', target: 'spa', redaction: { version: 1, placeholders: [] }, label: 'sanitized' });
    const headers = { 'content-type': 'application/json', 'idempotency-key': 'left-early' };
    await expect(fetch(`${server.url}/v1/translate`, { method: 'POST', headers, body, signal: AbortSignal.timeout(200) })).rejects.toThrow();
    await expect.poll(() => logs.length, { timeout: 2_000 }).toBe(1);
    expect(logs[0]).toMatchObject({ status: 499, clientClosed: true, idempotencyKey: 'left-early', path: '/v1/translate' });
  } finally {
    await server.close();
  }
});
