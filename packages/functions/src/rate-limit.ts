/**
 * Per-token rate limiting as a token bucket: `burst` requests at once, refilled at `perMinute`.
 * The in-memory store is per process (per isolate on Workers); behind several instances, put a
 * shared limiter in front (Cloudflare's rate-limiting binding, a Durable Object, Redis).
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

export interface RateLimiter {
  take(key: string): RateDecision;
}

export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  const ratePerMs = options.perMinute / 60_000;
  const maxKeys = options.maxKeys ?? 10_000;
  const now = options.now ?? Date.now;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key) {
      const t = now();
      const prev = buckets.get(key) ?? { tokens: options.burst, at: t };
      buckets.delete(key); // re-insert to keep Map order = recency
      const tokens = Math.min(options.burst, prev.tokens + (t - prev.at) * ratePerMs);
      if (tokens >= 1) {
        buckets.set(key, { tokens: tokens - 1, at: t });
        if (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value as string);
        return { allowed: true, retryAfterMs: 0, remaining: Math.floor(tokens - 1) };
      }
      buckets.set(key, { tokens, at: t });
      return { allowed: false, retryAfterMs: Math.ceil((1 - tokens) / ratePerMs), remaining: 0 };
    },
  };
}
