import {
  completedRecord,
  decideClaim,
  releases,
  takeToken,
  type ClaimRequest,
  type IdempotencyClaim,
  type IdempotencyRecord,
  type RateDecision,
  type RateLimitOptions,
  type StoredResponse,
  type TokenBucket,
} from '@tandem/functions';

/**
 * The function's state on Cloudflare: Durable Objects that every isolate and location reaches,
 * and that Cloudflare runs in one place, one event at a time, which makes each operation atomic.
 * Records are spread over a fixed number of objects (shards, by a hash of the key) rather than
 * one object per key: a new object costs a start and its own database, which a first request
 * from each new client would pay (measured locally: ~150 ms a request with an object per key);
 * a few warm objects serve everyone. Storage survives restarts and deploys; an alarm sweeps
 * expired records every `SWEEP_EVERY_MS` while the object holds any. The rules are the ones every
 * store applies (`takeToken`, `decideClaim`).
 *
 * Typed structurally, so the app needs no `@cloudflare/workers-types`: only the storage calls
 * used here. Bind it as `TANDEM_STATE` (wrangler.toml); the Worker entry exports the class.
 */
export type StateOperation = { key: string } & (
  | { op: 'take'; limits: Pick<RateLimitOptions, 'perMinute' | 'burst'> }
  | { op: 'claim'; request: ClaimRequest }
  | { op: 'complete'; run: Omit<ClaimRequest, 'claimTtlMs'>; response: StoredResponse; ttlMs: number }
  | { op: 'release'; owner: string }
);

/** What each operation answers, by `op`. */
export interface StateAnswers {
  take: RateDecision;
  claim: IdempotencyClaim;
  complete: null;
  release: null;
}

export interface DurableStorage {
  get<T>(key: string): Promise<T | undefined>;
  put(key: string, value: unknown): Promise<void>;
  delete(keys: string[]): Promise<number>;
  list<T>(): Promise<Map<string, T>>;
  getAlarm(): Promise<number | null>;
  setAlarm(scheduledTime: number): Promise<void>;
}

export interface DurableObjectContext {
  storage: DurableStorage;
}

type StoredRecord = (TokenBucket & { expiresAt: number }) | IdempotencyRecord;

/** How often a shard with records looks for expired ones. */
export const SWEEP_EVERY_MS = 10 * 60_000;
/** Storage's `delete` takes at most this many keys a call. */
const DELETE_BATCH = 128;

export class FunctionState {
  constructor(private readonly ctx: DurableObjectContext) {}

  async fetch(request: Request): Promise<Response> {
    const operation = (await request.json()) as StateOperation;
    return Response.json(await this.apply(operation));
  }

  /** Deletes expired records; re-arms while any remain. */
  async alarm(): Promise<void> {
    const t = Date.now();
    const records = await this.ctx.storage.list<StoredRecord>();
    const expired = [...records].filter(([, r]) => r.expiresAt <= t).map(([k]) => k);
    for (let i = 0; i < expired.length; i += DELETE_BATCH) await this.ctx.storage.delete(expired.slice(i, i + DELETE_BATCH));
    if (records.size > expired.length) await this.ctx.storage.setAlarm(t + SWEEP_EVERY_MS);
  }

  private async apply(operation: StateOperation): Promise<StateAnswers[StateOperation['op']]> {
    const t = Date.now();
    const { key } = operation;
    switch (operation.op) {
      case 'take': {
        const stored = await this.ctx.storage.get<TokenBucket>(key);
        const { bucket, decision, fullAt } = takeToken(stored, t, operation.limits);
        await this.store(key, { ...bucket, expiresAt: fullAt }, t);
        return decision;
      }
      case 'claim': {
        const { claim, store } = decideClaim(await this.ctx.storage.get<IdempotencyRecord>(key), operation.request, t);
        if (store) await this.store(key, store, t);
        return claim;
      }
      case 'complete': {
        const done = completedRecord(await this.ctx.storage.get<IdempotencyRecord>(key), operation.run, operation.response, t, operation.ttlMs);
        if (done) await this.store(key, done, t);
        return null;
      }
      case 'release':
        if (releases(await this.ctx.storage.get<IdempotencyRecord>(key), operation.owner)) await this.ctx.storage.delete([key]);
        return null;
    }
  }

  private async store(key: string, record: StoredRecord, t: number): Promise<void> {
    await this.ctx.storage.put(key, record);
    // One pending alarm is enough: it re-arms itself while records remain.
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(t + SWEEP_EVERY_MS);
  }
}
