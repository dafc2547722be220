import type { TranslateAppOptions } from './translate-app.js';
import { IdempotencyConflict, type IdempotencyStore, type StoredResponse } from './idempotency.js';
import type { RateLimitOptions } from './rate-limit.js';

/**
 * Idempotency across instances and restarts. A store every instance reaches (a Durable Object, a
 * state directory) cannot run the provider itself, so it keeps records and the instance runs the
 * work: `claim` a key atomically, run, then `complete` (store the answer) or `release` (forget the
 * claim, so a retry runs again). Whoever finds the key claimed by someone else polls until the
 * answer appears, or until the claim is older than `claimTtlMs` (the claimer died), when the
 * next claim takes it over.
 */
export type IdempotencyClaim =
  | { kind: 'claimed' }
  | { kind: 'pending' }
  | { kind: 'conflict' }
  | { kind: 'done'; response: StoredResponse };

export interface ClaimRequest {
  fingerprint: string;
  /** Identifies this run, so `release` cannot drop a claim another instance took over. */
  owner: string;
  /** A claim older than this is abandoned and may be taken over. */
  claimTtlMs: number;
}

/** The three atomic steps a shared store provides (each one is a single critical section). */
export interface IdempotencyRecords {
  claim(key: string, request: ClaimRequest): Promise<IdempotencyClaim>;
  /**
   * Stores the answer for `ttlMs`. An answer already stored is kept (the first wins), and so is a
   * live claim of another owner (it took over this one's expired claim and will answer itself).
   */
  complete(key: string, run: Omit<ClaimRequest, 'claimTtlMs'>, response: StoredResponse, ttlMs: number): Promise<void>;
  /** Forgets `owner`'s claim (the work failed); another owner's claim or answer stays. */
  release(key: string, owner: string): Promise<void>;
}

export interface SharedIdempotencyOptions {
  /** How long answers are kept (default 24 h). */
  ttlMs?: number;
  /** After this long a claim counts as abandoned: make it longer than the provider deadline (default 60 s). */
  claimTtlMs?: number;
  /** First delay between polls of a pending key; it doubles up to 8× (default 25 ms). */
  pollMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * An `IdempotencyStore` over shared records. Concurrent duplicates within this instance share one
 * promise (no polling); duplicates on other instances poll the records.
 */
export function createSharedIdempotencyStore(records: IdempotencyRecords, options: SharedIdempotencyOptions = {}): IdempotencyStore {
  const ttlMs = options.ttlMs ?? 24 * 60 * 60_000;
  const claimTtlMs = options.claimTtlMs ?? 60_000;
  const pollMs = options.pollMs ?? 25;
  const local = new Map<string, { fingerprint: string; result: Promise<StoredResponse> }>();

  async function runShared(key: string, fingerprint: string, work: () => Promise<StoredResponse>): Promise<{ response: StoredResponse; replayed: boolean }> {
    const owner = crypto.randomUUID();
    for (let attempt = 0; ; attempt++) {
      const claim = await records.claim(key, { fingerprint, owner, claimTtlMs });
      if (claim.kind === 'conflict') throw new IdempotencyConflict('Idempotency-Key reused with a different request');
      if (claim.kind === 'done') return { response: claim.response, replayed: true };
      if (claim.kind === 'pending') {
        await sleep(pollMs * 2 ** Math.min(attempt, 3));
        continue;
      }
      let response: StoredResponse;
      try {
        response = await work();
      } catch (error) {
        await records.release(key, owner);
        throw error;
      }
      if (response.status >= 200 && response.status < 300) await records.complete(key, { fingerprint, owner }, response, ttlMs);
      else await records.release(key, owner);
      return { response, replayed: false };
    }
  }

  return {
    async run(key, fingerprint, work) {
      const running = local.get(key);
      if (running) {
        if (running.fingerprint !== fingerprint) throw new IdempotencyConflict('Idempotency-Key reused with a different request');
        return { response: await running.result, replayed: true };
      }
      const shared = runShared(key, fingerprint, work);
      const result = shared.then((r) => r.response);
      result.catch(() => {}); // the first caller gets the error; waiters only when there are some
      local.set(key, { fingerprint, result });
      try {
        return await shared;
      } finally {
        local.delete(key);
      }
    },
  };
}

/**
 * The claim rule, pure so every store applies it the same way: given the record now stored under
 * a key (or none), what a claim answers and what to store. `expiresAt` tells the store when it
 * may drop the record.
 */
export type IdempotencyRecord =
  | { state: 'pending'; fingerprint: string; owner: string; expiresAt: number }
  | { state: 'done'; fingerprint: string; response: StoredResponse; expiresAt: number };

export function decideClaim(record: IdempotencyRecord | undefined, request: ClaimRequest, t: number): { claim: IdempotencyClaim; store?: IdempotencyRecord } {
  if (record && record.expiresAt > t) {
    if (record.fingerprint !== request.fingerprint) return { claim: { kind: 'conflict' } };
    if (record.state === 'done') return { claim: { kind: 'done', response: record.response } };
    return { claim: { kind: 'pending' } };
  }
  return { claim: { kind: 'claimed' }, store: { state: 'pending', fingerprint: request.fingerprint, owner: request.owner, expiresAt: t + request.claimTtlMs } };
}

/** What `complete` stores over `record`, or undefined to keep `record` (see `IdempotencyRecords.complete`). */
export function completedRecord(
  record: IdempotencyRecord | undefined,
  run: Omit<ClaimRequest, 'claimTtlMs'>,
  response: StoredResponse,
  t: number,
  ttlMs: number,
): IdempotencyRecord | undefined {
  const live = record && record.expiresAt > t;
  if (live && (record.state === 'done' || record.owner !== run.owner)) return undefined;
  return { state: 'done', fingerprint: run.fingerprint, response, expiresAt: t + ttlMs };
}

/** Whether `release` by `owner` drops `record`. */
export function releases(record: IdempotencyRecord | undefined, owner: string): boolean {
  return record?.state === 'pending' && record.owner === owner;
}

/** Margin over the provider deadline before a claim counts as abandoned (its claimer died). */
const CLAIM_MARGIN_MS = 5_000;

/**
 * What a shared store needs from the app's options (as `appOptionsFromEnv` reads them): the
 * bucket limits, and a claim lifetime that outlasts the provider deadline, so a slow run is never
 * taken for an abandoned one.
 */
export function sharedStateSettings(options: Pick<TranslateAppOptions, 'rateLimit' | 'providerTimeoutMs'>): {
  limits: Pick<RateLimitOptions, 'perMinute' | 'burst'>;
  claimTtlMs: number;
} {
  const limits = options.rateLimit && 'perMinute' in options.rateLimit ? options.rateLimit : { perMinute: 120, burst: 30 };
  return { limits: { perMinute: limits.perMinute, burst: limits.burst }, claimTtlMs: (options.providerTimeoutMs ?? 15_000) + CLAIM_MARGIN_MS };
}
