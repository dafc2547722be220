import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import type { RequestLog } from '@tandem/functions';
import { startFunctionProcess, type FunctionProcess } from './support/function-process.js';
import { BURST, functionEnv, post, token, translateBody } from './support/requests.js';

/**
 * Issue #14, item 6: rate limits and idempotency records outlive one instance. Node processes
 * (bin/start.mjs) pointed at one TANDEM_STATE_DIR replay an Idempotency-Key across a restart and
 * across instances, running the provider once, and share rate-limit buckets. The `fixed`
 * provider's delay makes concurrent duplicates overlap; the request logs count provider runs.
 */
const root = mkdtempSync(join(tmpdir(), 'tandem-state-test-'));
let dirs = 0;
const running: FunctionProcess[] = [];

function env(stateDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return { ...functionEnv, TANDEM_PROVIDER: 'fixed', TANDEM_LOG: 'on', TANDEM_RATE_LIMIT_PER_MINUTE: '1', TANDEM_STATE_DIR: stateDir, ...extra };
}

async function start(stateDir: string, extra?: Record<string, string>): Promise<FunctionProcess> {
  const p = await startFunctionProcess(env(stateDir, extra));
  running.push(p);
  return p;
}

const providerRuns = (logs: RequestLog[], key: string) => logs.filter((l) => l.idempotencyKey === key && l.providerCalled).length;

afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop('SIGKILL')));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('state shared through TANDEM_STATE_DIR (Node processes)', () => {
  test('the same Idempotency-Key before and after a restart runs the provider once', async () => {
    const dir = join(root, String(dirs++));
    const auth = { authorization: `Bearer ${await token('restart-user')}` };
    const key = crypto.randomUUID();
    const first = await start(dir);
    const before = await post(first.url, translateBody('good morning'), { ...auth, 'idempotency-key': key });
    expect(before.status).toBe(200);
    const body = await before.text();
    await first.stop('SIGKILL'); // a crash, not a graceful stop: nothing is flushed on the way out

    const second = await start(dir);
    const after = await post(second.url, translateBody('good morning'), { ...auth, 'idempotency-key': key });
    expect(after.status).toBe(200);
    expect(after.headers.get('idempotent-replayed')).toBe('true');
    expect(await after.text()).toBe(body);
    expect(providerRuns([...first.logs, ...second.logs], key)).toBe(1);
    // Another body under the key is still refused after the restart.
    expect((await post(second.url, translateBody('good night'), { ...auth, 'idempotency-key': key })).status).toBe(422);
  }, 60_000);

  test('two instances sharing the directory run concurrent duplicates once', async () => {
    const dir = join(root, String(dirs++));
    const [a, b] = await Promise.all([start(dir, { TANDEM_FIXED_DELAY_MS: '400' }), start(dir, { TANDEM_FIXED_DELAY_MS: '400' })]);
    const auth = { authorization: `Bearer ${await token('two-instances-user')}` };
    const key = crypto.randomUUID();
    const send = (url: string) => post(url, translateBody('good afternoon'), { ...auth, 'idempotency-key': key });
    const answers = await Promise.all([send(a.url), send(b.url), send(a.url), send(b.url)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const bodies = await Promise.all(answers.map((r) => r.text()));
    expect(new Set(bodies).size).toBe(1);
    expect(answers.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(3);
    expect(providerRuns([...a.logs, ...b.logs], key)).toBe(1);
  }, 60_000);

  test('rate-limit buckets are shared by instances and survive a restart', async () => {
    const dir = join(root, String(dirs++));
    const [a, b] = await Promise.all([start(dir), start(dir)]);
    const auth = { authorization: `Bearer ${await token('shared-bucket-user')}` };
    const statuses: number[] = [];
    for (let i = 0; i < BURST; i++) statuses.push((await post(i % 2 ? a.url : b.url, translateBody('hi'), auth)).status);
    expect(statuses).toEqual(Array(BURST).fill(200));
    expect((await post(a.url, translateBody('hi'), auth)).status).toBe(429);
    expect((await post(b.url, translateBody('hi'), auth)).status).toBe(429);
    await a.stop('SIGKILL');
    await b.stop('SIGKILL');
    const c = await start(dir);
    expect((await post(c.url, translateBody('hi'), auth)).status).toBe(429);
  }, 60_000);
});
