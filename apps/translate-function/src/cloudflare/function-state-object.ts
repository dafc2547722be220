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
 * The function's state on Cloudflare: one Durable Object per rate-limit bucket or idempotency
 * key (`idFromName`), so every isolate and location sees the same record, and Cloudflare runs
 * each object in one place, one event at a time, which makes each operation atomic. Records are
 * kept in the object's storage, which survives restarts and deploys; an alarm deletes a record
 * once it expires. The rules are the ones every store applies (`takeToken`, `decideClaim`).
 *
 * Typed structurally, so the app needs no `@cloudflare/workers-types`: only the storage calls
 * used here. Bind it as `TANDEM_STATE` (wrangler.toml); the Worker entry exports the class.
 */
export type StateOperation =
  | { op: 'take'; limits: Pick<RateLimitOptions, 'perMinute' | 'burst'> }
  | { op: 'claim'; request: ClaimRequest }
  | { op: 'complete'; run: Omit<ClaimRequest, 'claimTtlMs'>; response: StoredResponse; ttlMs: number }
  | { op: 'release'; owner: string };

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
  deleteAll(): Promise<void>;
  getAlarm(): Promise<number | null>;
  setAlarm(scheduledTime: number): Promise<void>;
}

export interface DurableObjectContext {
  storage: DurableStorage;
}

type StoredRecord = (TokenBucket & { expiresAt: number }) | IdempotencyRecord;

const RECORD = 'record';

export class FunctionState {
  constructor(private readonly ctx: DurableObjectContext) {}

  async fetch(request: Request): Promise<Response> {
    const operation = (await request.json()) as StateOperation;
    return Response.json(await this.apply(operation));
  }

  /** Deletes the record once it has expired (a later write may have moved the expiry on). */
  async alarm(): Promise<void> {
    const record = await this.ctx.storage.get<StoredRecord>(RECORD);
    if (!record || record.expiresAt <= Date.now()) await this.ctx.storage.deleteAll();
    else await this.ctx.storage.setAlarm(record.expiresAt);
  }

  private async apply(operation: StateOperation): Promise<StateAnswers[StateOperation['op']]> {
    const t = Date.now();
    switch (operation.op) {
      case 'take': {
        const stored = await this.ctx.storage.get<TokenBucket>(RECORD);
        const { bucket, decision, fullAt } = takeToken(stored, t, operation.limits);
        await this.store({ ...bucket, expiresAt: fullAt });
        return decision;
      }
      case 'claim': {
        const { claim, store } = decideClaim(await this.ctx.storage.get<IdempotencyRecord>(RECORD), operation.request, t);
        if (store) await this.store(store);
        return claim;
      }
      case 'complete': {
        const done = completedRecord(await this.ctx.storage.get<IdempotencyRecord>(RECORD), operation.run, operation.response, t, operation.ttlMs);
        if (done) await this.store(done);
        return null;
      }
      case 'release':
        if (releases(await this.ctx.storage.get<IdempotencyRecord>(RECORD), operation.owner)) await this.ctx.storage.deleteAll();
        return null;
    }
  }

  private async store(record: StoredRecord): Promise<void> {
    await this.ctx.storage.put(RECORD, record);
    // One pending alarm is enough: when it fires it re-arms itself for a later expiry.
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(record.expiresAt);
  }
}
