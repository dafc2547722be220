import { describe, expect, test } from 'vitest';
import { createRateLimiter } from '../rate-limit.js';

describe('createRateLimiter', () => {
  test('allows a burst, then refuses with the time until the next token', () => {
    let now = 0;
    const limiter = createRateLimiter({ perMinute: 60, burst: 3, now: () => now });
    expect([1, 2, 3].map(() => limiter.take('a').allowed)).toEqual([true, true, true]);
    const refused = limiter.take('a');
    expect(refused).toMatchObject({ allowed: false });
    expect(refused.retryAfterMs).toBe(1000);
    expect(limiter.take('b').allowed).toBe(true); // per key
    now += 1000;
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
  });

  test('keeps at most maxKeys buckets', () => {
    const limiter = createRateLimiter({ perMinute: 1, burst: 1, maxKeys: 2 });
    limiter.take('a');
    limiter.take('b');
    limiter.take('c'); // evicts a
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('c').allowed).toBe(false);
  });
});
