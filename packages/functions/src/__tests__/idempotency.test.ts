import { describe, expect, test } from 'vitest';
import { IdempotencyConflict, createMemoryIdempotencyStore } from '../idempotency.js';

describe('createMemoryIdempotencyStore', () => {
  test('runs once per key, replays the stored success, refuses another fingerprint', async () => {
    const store = createMemoryIdempotencyStore();
    let runs = 0;
    const work = () => Promise.resolve({ status: 200, body: `run ${++runs}` });
    expect(await store.run('k', 'f', work)).toEqual({ response: { status: 200, body: 'run 1' }, replayed: false });
    expect(await store.run('k', 'f', work)).toEqual({ response: { status: 200, body: 'run 1' }, replayed: true });
    await expect(store.run('k', 'other', work)).rejects.toBeInstanceOf(IdempotencyConflict);
    expect(runs).toBe(1);
  });

  test('concurrent duplicates share one run', async () => {
    const store = createMemoryIdempotencyStore();
    let runs = 0;
    const work = () => new Promise<{ status: number; body: string }>((r) => setTimeout(() => r({ status: 200, body: String(++runs) }), 20));
    const [a, b] = await Promise.all([store.run('k', 'f', work), store.run('k', 'f', work)]);
    expect(a.response).toEqual(b.response);
    expect(runs).toBe(1);
  });

  test('failures are not stored, so a retry under the same key runs again', async () => {
    const store = createMemoryIdempotencyStore();
    await expect(store.run('k', 'f', () => Promise.reject(new Error('provider down')))).rejects.toThrow('provider down');
    expect((await store.run('k', 'f', () => Promise.resolve({ status: 200, body: 'ok' }))).replayed).toBe(false);
  });

  test('entries expire after ttl', async () => {
    let now = 0;
    const store = createMemoryIdempotencyStore({ ttlMs: 1000, now: () => now });
    await store.run('k', 'f', () => Promise.resolve({ status: 200, body: 'a' }));
    now = 1500;
    expect((await store.run('k', 'f', () => Promise.resolve({ status: 200, body: 'b' }))).response.body).toBe('b');
  });
});
