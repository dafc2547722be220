import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import type { RequestLog } from '@tandem/functions';
import { startFunctionProcess, type FunctionProcess } from './support/function-process.js';
import { BURST, functionEnv, post, token, translateBody } from './support/requests.js';
import { startWorkerd, type WorkerdFunction } from './support/workerd.js';

/**
 * Issue #14, item 6: rate limits and idempotency records outlive one instance. Node processes
 * (bin/start.mjs) pointed at one TANDEM_STATE_DIR replay an Idempotency-Key across a restart and
 * across instances, running the provider once, and share rate-limit buckets; on workerd the
 * FunctionState Durable Objects do the same across a restart of miniflare with persisted
 * storage. The `fixed` provider's delay makes concurrent duplicates overlap; the request logs
 * count provider runs.
 */
const root = mkdtempSync(join(tmpdir(), 'tandem-state-test-'));
let dirs = 0;
const running: FunctionProcess[] = [];
const workers: WorkerdFunction[] = [];

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
  await Promise.all([...running.splice(0).map((p) => p.stop('SIGKILL')), ...workers.splice(0).map((w) => w.dispose())]);
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

describe('state in the FunctionState Durable Object (workerd)', () => {
  const workerEnv = { ...functionEnv, TANDEM_PROVIDER: 'fixed', TANDEM_RATE_LIMIT_PER_MINUTE: '1' };
  async function startWorker(persistDir: string, extra: { secondInstance?: boolean; env?: Record<string, string> } = {}): Promise<WorkerdFunction> {
    const w = await startWorkerd({ ...workerEnv, ...extra.env }, { statePersistDir: persistDir, ...(extra.secondInstance ? { secondInstance: true } : {}) });
    workers.push(w);
    return w;
  }
  const logsOf = (w: WorkerdFunction): RequestLog[] => w.logs.filter((l) => l.startsWith('{') && l.includes('"event":"request"')).map((l) => JSON.parse(l) as RequestLog);

  test('the same Idempotency-Key before and after a restart of miniflare runs the provider once', async () => {
    const dir = join(root, String(dirs++));
    const auth = { authorization: `Bearer ${await token('do-restart-user')}` };
    const key = crypto.randomUUID();
    const first = await startWorker(dir);
    const concurrent = await Promise.all([0, 1, 2].map(() => post(first.url, translateBody('good morning'), { ...auth, 'idempotency-key': key })));
    expect(concurrent.map((r) => r.status)).toEqual([200, 200, 200]);
    const bodies = await Promise.all(concurrent.map((r) => r.text()));
    expect(new Set(bodies).size).toBe(1);
    await new Promise((r) => setTimeout(r, 200)); // workerd's stdout arrives asynchronously
    const firstLogs = logsOf(first);
    await first.dispose();
    workers.splice(workers.indexOf(first), 1);

    const second = await startWorker(dir);
    const after = await post(second.url, translateBody('good morning'), { ...auth, 'idempotency-key': key });
    expect(after.status).toBe(200);
    expect(after.headers.get('idempotent-replayed')).toBe('true');
    expect(await after.text()).toBe(bodies[0]);
    await new Promise((r) => setTimeout(r, 200));
    expect(providerRuns([...firstLogs, ...logsOf(second)], key)).toBe(1);
  }, 60_000);

  test('a rate-limit bucket survives a restart of miniflare', async () => {
    const dir = join(root, String(dirs++));
    const auth = { authorization: `Bearer ${await token('do-bucket-user')}` };
    const first = await startWorker(dir);
    for (let i = 0; i < BURST; i++) expect((await post(first.url, translateBody('hi'), auth)).status).toBe(200);
    expect((await post(first.url, translateBody('hi'), auth)).status).toBe(429);
    await first.dispose();
    workers.splice(workers.indexOf(first), 1);
    const second = await startWorker(dir);
    expect((await post(second.url, translateBody('hi'), auth)).status).toBe(429);
  }, 60_000);

  test('two Worker instances (isolates) bound to one namespace run concurrent duplicates once', async () => {
    const w = await startWorker(join(root, String(dirs++)), { secondInstance: true, env: { TANDEM_FIXED_DELAY_MS: '400' } });
    const auth = { authorization: `Bearer ${await token('do-two-instances-user')}` };
    const key = crypto.randomUUID();
    const init = { method: 'POST', headers: { 'content-type': 'application/json', ...auth, 'idempotency-key': key }, body: JSON.stringify(translateBody('good afternoon')) };
    const answers = await Promise.all([fetch(`${w.url}/v1/translate`, init), w.second!('/v1/translate', init), fetch(`${w.url}/v1/translate`, init), w.second!('/v1/translate', init)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(new Set(await Promise.all(answers.map((r) => r.text()))).size).toBe(1);
    expect(answers.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(3);
    await new Promise((r) => setTimeout(r, 200));
    expect(providerRuns(logsOf(w), key)).toBe(1);
  }, 60_000);
});
