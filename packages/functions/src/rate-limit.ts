/**
 * Rate limiting as a token bucket: `burst` requests at once, refilled at `perMinute`. The app
 * keys buckets on the token's subject, on the client address for unauthenticated callers and for
 * failed sign-ins. The in-memory limiter is per process (per isolate on Workers); a store shared
 * by every instance implements the same `RateLimiter` with `takeToken` (one bucket rule for all).
 */
export interface RateLimitOptions {
  perMinute: number;
  burst: number;
  /** Buckets kept at most; the least recently used go first. */
  maxKeys?: number;
  now?: () => number;
}

export interface RateDecision {
  allowed: boolean;
  /** When refused: milliseconds until one request would be allowed. */
  retryAfterMs: number;
  remaining: number;
}

/**
 * Takes one token for `key`. Async where the buckets live outside the process (a Durable Object,
 * a state directory), so the same app runs against either.
 */
export interface RateLimiter {
  take(key: string): RateDecision | Promise<RateDecision>;
}

/** A bucket as stored: tokens left at time `at` (ms since the epoch). */
export interface TokenBucket {
  tokens: number;
  at: number;
}

/**
 * The bucket rule itself, pure so every store applies it the same way: refills `bucket` (a full
 * one when absent) up to time `t`, takes a token when there is one, and returns the new bucket
 * with the decision. `fullAt` is when the bucket is full again, i.e. when a store may forget it.
 */
export function takeToken(
  bucket: TokenBucket | undefined,
  t: number,
  options: Pick<RateLimitOptions, 'perMinute' | 'burst'>,
): { bucket: TokenBucket; decision: RateDecision; fullAt: number } {
  const ratePerMs = options.perMinute / 60_000;
  const prev = bucket ?? { tokens: options.burst, at: t };
  const tokens = Math.min(options.burst, prev.tokens + Math.max(0, t - prev.at) * ratePerMs);
  const allowed = tokens >= 1;
  const next = { tokens: allowed ? tokens - 1 : tokens, at: t };
  const fullAt = t + Math.ceil((options.burst - next.tokens) / ratePerMs);
  const decision = allowed
    ? { allowed, retryAfterMs: 0, remaining: Math.floor(next.tokens) }
    : { allowed, retryAfterMs: Math.ceil((1 - tokens) / ratePerMs), remaining: 0 };
  return { bucket: next, decision, fullAt };
}

export function createRateLimiter(options: RateLimitOptions): { take(key: string): RateDecision } {
  const maxKeys = options.maxKeys ?? 10_000;
  const now = options.now ?? Date.now;
  const buckets = new Map<string, TokenBucket>();
  return {
    take(key) {
      const prev = buckets.get(key);
      buckets.delete(key); // re-insert to keep Map order = recency
      const { bucket, decision } = takeToken(prev, now(), options);
      buckets.set(key, bucket);
      if (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value as string);
      return decision;
    },
  };
}
