import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { post, translateBody } from './support/requests.js';

/**
 * A dead sidecar (issue #14, item 3): the real Node entry (bin/start.mjs) with the apertium-apy it
 * starts and supervises. apy is SIGKILLed under concurrent load; no request may hang, every
 * failure is a JSON 503/504, /healthz says 503 at once, and translation works again within
 * seconds from a restarted apy, while the function process itself keeps running.
 */
const START = resolve(import.meta.dirname, '../../bin/start.mjs');
/** No request may take longer than this, whatever happens to the sidecar. */
const SETTLE_BOUND_MS = 8_000;
/** Translation must be back this soon after the kill (restart after 0.2 s + apy's start). */
const RECOVERY_BOUND_MS = 12_000;

let fn: ChildProcess;
let url: string;
let apyPid: number;
const stderr: string[] = [];
/** When the test saw the supervisor's "restarted" line (performance.now()). */
let restartSeenAt = Number.POSITIVE_INFINITY;

beforeAll(async () => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    TANDEM_AUTH: 'none',
    TANDEM_LOG: 'off',
    TANDEM_PROVIDER: 'apertium',
    TANDEM_PROVIDER_TIMEOUT_MS: '5000',
    TANDEM_RATE_LIMIT_PER_MINUTE: '100000',
    TANDEM_RATE_LIMIT_BURST: '10000',
  };
  delete env.APERTIUM_APY_URL;
  delete env.APERTIUM_APY_PORT;
  delete env.TANDEM_JWT_SECRET;
  fn = spawn(process.execPath, [START], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  createInterface({ input: fn.stderr! }).on('line', (line) => {
    stderr.push(line);
    if (line.includes('"type":"restarted"')) restartSeenAt = Math.min(restartSeenAt, performance.now());
  });
  url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`the function did not start:\n${stderr.join('\n')}`)), 45_000);
    createInterface({ input: fn.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      done(line.replace(/^.*(http:\/\/\S+).*$/, '$1'));
    });
    fn.once('exit', (code) => fail(new Error(`the function exited (${code}):\n${stderr.join('\n')}`)));
  });
  const started = stderr.map((l) => /started apertium-apy at \S+ \(pid (\d+)\)/.exec(l)).find(Boolean);
  apyPid = Number(started?.[1]);
  expect(apyPid).toBeGreaterThan(0);
}, 60_000);

afterAll(async () => {
  if (fn && fn.exitCode === null) {
    const exited = new Promise((r) => fn.once('exit', r));
    fn.kill('SIGTERM');
    await exited;
  }
});

interface Outcome {
  status: number;
  type: string | null;
  ms: number;
  /** When the request was sent (performance.now()). */
  sentAt: number;
}

async function translateOnce(): Promise<Outcome> {
  const sentAt = performance.now();
  const res = await post(url, translateBody('good morning'));
  await res.arrayBuffer();
  return { status: res.status, type: res.headers.get('content-type'), ms: performance.now() - sentAt, sentAt };
}

test('SIGKILL of apertium-apy under load: no request hangs, 503s meanwhile, health down at once, translation back within seconds', async () => {
  expect((await translateOnce()).status).toBe(200);
  const outcomes: Outcome[] = [];
  let killedAt = Number.POSITIVE_INFINITY;
  let recoveredAt: number | undefined;
  let load = true;
  // Six clients in a loop, each request settling (or not) on its own.
  const clients = Array.from({ length: 6 }, async () => {
    while (load) {
      const o = await translateOnce();
      outcomes.push(o);
      // Sent after the kill and answered: the old apy is dead, so a restarted one answered.
      if (o.status === 200 && o.sentAt > killedAt && recoveredAt === undefined) recoveredAt = o.sentAt + o.ms;
    }
  });
  await new Promise((r) => setTimeout(r, 500));
  process.kill(apyPid, 'SIGKILL');
  killedAt = performance.now();
  const health = await fetch(`${url}/healthz`);
  expect(health.status).toBe(503);
  expect(await health.json()).toEqual({ status: 'degraded', provider: 'apertium', checks: { provider: 'down' } });

  const giveUp = killedAt + RECOVERY_BOUND_MS;
  while (recoveredAt === undefined && performance.now() < giveUp) await new Promise((r) => setTimeout(r, 50));
  if (recoveredAt !== undefined) await new Promise((r) => setTimeout(r, 1_000)); // load on the restarted apy too
  load = false;
  await Promise.all(clients);

  expect(recoveredAt, `translation did not come back within ${RECOVERY_BOUND_MS} ms:\n${stderr.join('\n')}`).toBeDefined();
  const failures = outcomes.filter((o) => o.status !== 200);
  expect(failures.length).toBeGreaterThan(0); // the death was seen
  for (const f of failures) {
    expect([503, 504]).toContain(f.status);
    expect(f.type).toBe('application/problem+json');
  }
  expect(Math.max(...outcomes.map((o) => o.ms))).toBeLessThan(SETTLE_BOUND_MS);
  // Once the restart is announced, every request succeeds: the first one after it included.
  const afterRestart = outcomes.filter((o) => o.sentAt > restartSeenAt);
  expect(afterRestart.length).toBeGreaterThan(0);
  expect(afterRestart.filter((o) => o.status !== 200)).toEqual([]);
  // After the restart: healthy again, from a new apy process, in the same function process.
  expect((await fetch(`${url}/healthz`)).status).toBe(200);
  expect(fn.exitCode).toBeNull();
  const restarted = stderr.map((l) => /"type":"restarted","pid":(\d+)/.exec(l)).find(Boolean);
  expect(Number(restarted?.[1])).toBeGreaterThan(0);
  expect(Number(restarted?.[1])).not.toBe(apyPid);
  console.log(`supervision: ${outcomes.length} requests, ${failures.length} failed (${[...new Set(failures.map((f) => f.status))].join('/')}), slowest ${Math.round(Math.max(...outcomes.map((o) => o.ms)))} ms, translation back ${Math.round((recoveredAt ?? 0) - killedAt)} ms after the kill`);
}, 60_000);
