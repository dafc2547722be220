import {
  createSharedIdempotencyStore,
  type IdempotencyStore,
  type RateLimiter,
  type RateLimitOptions,
  type SharedIdempotencyOptions,
} from '@tandem/functions';
import type { StateAnswers, StateOperation } from './function-state-object.js';

/**
 * The Worker's side of the `FunctionState` Durable Objects: a `RateLimiter` and an
 * `IdempotencyStore` whose records live in `DURABLE_SHARDS` objects, chosen by a hash of the key
 * and shared by every isolate.
 */
export interface DurableObjectNamespaceLike {
  idFromName(name: string): unknown;
  get(id: never): { fetch(input: string, init?: RequestInit): Promise<Response> };
}

export function isDurableObjectNamespace(binding: unknown): binding is DurableObjectNamespaceLike {
  const ns = binding as Partial<DurableObjectNamespaceLike> | undefined;
  return typeof ns?.idFromName === 'function' && typeof ns.get === 'function';
}

/** Objects the records are spread over: each one serves many keys and stays warm. */
export const DURABLE_SHARDS = 16;

/** FNV-1a (32 bit): a fast, stable spread of keys over shards (no secrecy needed). */
function shardOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % DURABLE_SHARDS;
}

async function send<O extends StateOperation>(ns: DurableObjectNamespaceLike, operation: O): Promise<StateAnswers[O['op']]> {
  const stub = ns.get(ns.idFromName(`shard-${shardOf(operation.key)}`) as never);
  const res = await stub.fetch('https://function-state/', { method: 'POST', body: JSON.stringify(operation) });
  if (!res.ok) throw new Error(`FunctionState answered ${res.status}`);
  return (await res.json()) as StateAnswers[O['op']];
}

export function createDurableRateLimiter(ns: DurableObjectNamespaceLike, limits: Pick<RateLimitOptions, 'perMinute' | 'burst'>): RateLimiter {
  return { take: (key) => send(ns, { key: `rate\n${key}`, op: 'take', limits }) };
}

export function createDurableIdempotencyStore(ns: DurableObjectNamespaceLike, options: SharedIdempotencyOptions = {}): IdempotencyStore {
  const id = (key: string) => `idempotency\n${key}`;
  return createSharedIdempotencyStore(
    {
      claim: (key, request) => send(ns, { key: id(key), op: 'claim', request }),
      complete: async (key, run, response, ttlMs) => {
        await send(ns, { key: id(key), op: 'complete', run, response, ttlMs });
      },
      release: async (key, owner) => {
        await send(ns, { key: id(key), op: 'release', owner });
      },
    },
    options,
  );
}
