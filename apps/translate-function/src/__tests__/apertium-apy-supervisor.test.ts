import { createServer, type Server } from 'node:net';
import { afterAll, expect, test } from 'vitest';
import { superviseApertiumApy, type SupervisedApertiumApy, type SupervisorEvent } from '../index.js';

/**
 * The supervisor's backoff with a real apertium-apy: after a SIGKILL its port is held by another
 * listener, so restarts fail (apy cannot bind) and wait 2× longer each time up to the cap; once
 * the port is free the next restart succeeds on the same URL. A process that lived `resetAfterMs`
 * restarts after the initial delay again. One that stops answering without dying (SIGSTOP) is
 * killed by the watchdog and restarted the same way.
 */
let sup: SupervisedApertiumApy | undefined;
let blocker: Server | undefined;

afterAll(async () => {
  blocker?.close();
  await sup?.stop();
});

async function until(what: string, ok: () => boolean, timeoutMs: number): Promise<void> {
  const giveUp = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > giveUp) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function translates(url: string): Promise<string> {
  const res = await fetch(`${url}/translate`, { method: 'POST', body: new URLSearchParams({ q: 'good morning', langpair: 'eng|spa' }) });
  return ((await res.json()) as { responseData: { translatedText: string } }).responseData.translatedText;
}

test('restarts back off 2× up to the cap while they fail, come back on the same URL, and reset after a healthy run', async () => {
  const events: SupervisorEvent[] = [];
  sup = await superviseApertiumApy({ backoff: { initialMs: 400, maxMs: 1_600, resetAfterMs: 3_000 }, onEvent: (e) => events.push(e) });
  const { url, port } = sup;
  const firstPid = sup.pid;
  expect(sup.running()).toBe(true);

  process.kill(firstPid, 'SIGKILL');
  await until('the death to be seen', () => sup?.running() === false, 2_000);
  expect(sup.pid).toBe(-1);
  // Take the port before the restart 400 ms later, so that restarts fail.
  blocker = createServer();
  await new Promise<void>((resolve, reject) => blocker?.once('error', reject).listen(port, '127.0.0.1', resolve));
  await until('three failed restarts', () => events.filter((e) => e.type === 'restart-failed').length >= 3, 30_000);
  expect(sup.running()).toBe(false);
  await new Promise<void>((resolve) => blocker?.close(() => resolve()));
  blocker = undefined;

  await until('the restart', () => sup?.running() === true, 30_000);
  const delays = events.flatMap((e) => ('restartInMs' in e ? [e.restartInMs] : []));
  expect(delays.slice(0, 4)).toEqual([400, 800, 1_600, 1_600]);
  expect(events[0]).toMatchObject({ type: 'exited', pid: firstPid, signal: 'SIGKILL' });
  expect(events.at(-1)).toMatchObject({ type: 'restarted', url, restarts: 1 });
  expect(sup.url).toBe(url);
  expect(sup.pid).not.toBe(firstPid);
  expect(await translates(url)).toBe('buenos días');

  // Alive for longer than resetAfterMs: the next death restarts after the initial delay again.
  await new Promise((r) => setTimeout(r, 3_100));
  const before = events.length;
  process.kill(sup.pid, 'SIGKILL');
  await until('the second restart', () => events.slice(before).some((e) => e.type === 'restarted'), 30_000);
  expect(events[before]).toMatchObject({ type: 'exited', restartInMs: 400 });
  expect(await translates(url)).toBe('buenos días');
}, 90_000);

test('the watchdog kills a sidecar that stopped answering (SIGSTOP) and it is restarted', async () => {
  await sup?.stop();
  const events: SupervisorEvent[] = [];
  sup = await superviseApertiumApy({ backoff: { initialMs: 200 }, watchdog: { intervalMs: 300, failures: 2 }, onEvent: (e) => events.push(e) });
  const stalledPid = sup.pid;
  expect(await translates(sup.url)).toBe('buenos días');
  await new Promise((r) => setTimeout(r, 1_000)); // answered probes do not trip it
  expect(events).toEqual([]);

  process.kill(stalledPid, 'SIGSTOP');
  await until('the restart', () => events.some((e) => e.type === 'restarted'), 30_000);
  expect(events.map((e) => e.type)).toEqual(['unresponsive', 'exited', 'restarted']);
  expect(events[0]).toEqual({ type: 'unresponsive', pid: stalledPid, failures: 2 });
  expect(events[1]).toMatchObject({ pid: stalledPid, signal: 'SIGKILL' });
  expect(sup.pid).not.toBe(stalledPid);
  expect(await translates(sup.url)).toBe('buenos días');
}, 60_000);
