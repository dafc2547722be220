import {
  completedRecord,
  createSharedIdempotencyStore,
  decideClaim,
  releases,
  takeToken,
  type IdempotencyRecord,
  type IdempotencyRecords,
  type IdempotencyStore,
  type RateLimiter,
  type RateLimitOptions,
  type SharedIdempotencyOptions,
  type TokenBucket,
} from '@tandem/functions';
import type { StateDirectory } from './state-directory.js';

/**
 * The function's state in a `StateDirectory`, so it survives a restart and is shared by every
 * Node process pointed at the same directory (`TANDEM_STATE_DIR`): rate-limit buckets and
 * idempotency records, each changed under its record's lock with the same rules the in-memory
 * and Durable Object stores apply (`takeToken`, `decideClaim`).
 */
export function createDirectoryRateLimiter(dir: StateDirectory, options: Pick<RateLimitOptions, 'perMinute' | 'burst' | 'now'>): RateLimiter {
  const now = options.now ?? Date.now;
  return {
    take: (key) =>
      dir.update<TokenBucket & { expiresAt: number }, ReturnType<typeof takeToken>['decision']>(`rate\n${key}`, (stored) => {
        const { bucket, decision, fullAt } = takeToken(stored, now(), options);
        // Once full again the bucket is the same as none: the sweep may drop it then.
        return { record: { ...bucket, expiresAt: fullAt }, result: decision };
      }),
  };
}

export function createDirectoryIdempotencyRecords(dir: StateDirectory, now: () => number = Date.now): IdempotencyRecords {
  const id = (key: string) => `idempotency\n${key}`;
  return {
    claim: (key, request) =>
      dir.update<IdempotencyRecord, ReturnType<typeof decideClaim>['claim']>(id(key), (record) => {
        const { claim, store } = decideClaim(record, request, now());
        return { result: claim, ...(store ? { record: store } : {}) };
      }),
    complete: (key, run, response, ttlMs) =>
      dir.update<IdempotencyRecord, void>(id(key), (record) => {
        const done = completedRecord(record, run, response, now(), ttlMs);
        return { result: undefined, ...(done ? { record: done } : {}) };
      }),
    release: (key, owner) => dir.update<IdempotencyRecord, void>(id(key), (record) => ({ result: undefined, ...(releases(record, owner) ? { record: null } : {}) })),
  };
}

export function createDirectoryIdempotencyStore(dir: StateDirectory, options: SharedIdempotencyOptions = {}): IdempotencyStore {
  return createSharedIdempotencyStore(createDirectoryIdempotencyRecords(dir), options);
}
