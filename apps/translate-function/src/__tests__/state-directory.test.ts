import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { openStateDirectory } from '../node/state-directory.js';
import { createDirectoryIdempotencyRecords, createDirectoryIdempotencyStore, createDirectoryRateLimiter } from '../node/state-directory-stores.js';

/**
 * The state directory on the real file system: the failure paths a two-process test cannot time
 * (a claimer that died, a lock left behind, a failed run) and the sweep.
 */
const root = mkdtempSync(join(tmpdir(), 'tandem-state-dir-test-'));
let n = 0;
const fresh = () => openStateDirectory(join(root, String(n++)));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const ok = (body: string) => () => Promise.resolve({ status: 200, body });

describe('state directory stores', () => {
  test('runs once per key and replays; a failed run is not stored, so a retry runs again', async () => {
    const store = createDirectoryIdempotencyStore(await fresh());
    await expect(store.run('k', 'f', () => Promise.reject(new Error('provider down')))).rejects.toThrow('provider down');
    expect(await store.run('k', 'f', () => Promise.resolve({ status: 503, body: 'busy' }))).toMatchObject({ replayed: false });
    expect(await store.run('k', 'f', ok('first'))).toEqual({ response: { status: 200, body: 'first' }, replayed: false });
    expect(await store.run('k', 'f', ok('second'))).toEqual({ response: { status: 200, body: 'first' }, replayed: true });
    await expect(store.run('k', 'other', ok('x'))).rejects.toThrow(/different request/);
  });

  test('a claim whose claimer died is taken over once it is older than claimTtlMs', async () => {
    const dir = await fresh();
    // Another process claimed the key and died before answering.
    expect(await createDirectoryIdempotencyRecords(dir).claim('k', { fingerprint: 'f', owner: 'dead', claimTtlMs: 300 })).toEqual({ kind: 'claimed' });
    const store = createDirectoryIdempotencyStore(dir, { claimTtlMs: 300, pollMs: 20 });
    const started = Date.now();
    expect(await store.run('k', 'f', ok('taken over'))).toEqual({ response: { status: 200, body: 'taken over' }, replayed: false });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250); // it waited for the claim to expire
  });

  test('a lock left by a crashed process is broken after staleLockMs', async () => {
    const dir = await openStateDirectory(join(root, String(n++)), { staleLockMs: 200 });
    const limiter = createDirectoryRateLimiter(dir, { perMinute: 60, burst: 2 });
    await limiter.take('a'); // creates the record file, named by the key's hash
    const record = readdirSync(dir.path).find((f) => f.endsWith('.json'));
    expect(record).toBeDefined();
    const lock = join(dir.path, `${record}.lock`);
    writeFileSync(lock, '');
    const old = new Date(Date.now() - 1_000);
    utimesSync(lock, old, old);
    expect(await limiter.take('a')).toMatchObject({ allowed: true, remaining: 0 });
    expect(await limiter.take('a')).toMatchObject({ allowed: false });
  });

  test('sweep removes expired records and temp files a crash left, and keeps live ones', async () => {
    let now = Date.now();
    const dir = await openStateDirectory(join(root, String(n++)), { now: () => now, staleLockMs: 1_000 });
    const limiter = createDirectoryRateLimiter(dir, { perMinute: 60, burst: 1, now: () => now });
    await limiter.take('a'); // full again 1 s later
    await createDirectoryIdempotencyStore(dir, { ttlMs: 60_000 }).run('k', 'f', ok('kept'));
    const temp = join(dir.path, 'x.json.dead.tmp');
    writeFileSync(temp, '{');
    utimesSync(temp, new Date(now - 5_000), new Date(now - 5_000));
    now += 2_000;
    expect(await dir.sweep()).toBe(1);
    expect(readdirSync(dir.path).filter((f) => f.endsWith('.json'))).toHaveLength(1);
    expect(readdirSync(dir.path).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
