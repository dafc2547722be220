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
 * `IdempotencyStore` whose records live in one object per key, shared by every isolate.
 */
export interface DurableObjectNamespaceLike {
  idFromName(name: string): unknown;
  get(id: never): { fetch(input: string, init?: RequestInit): Promise<Response> };
}

export function isDurableObjectNamespace(binding: unknown): binding is DurableObjectNamespaceLike {
  const ns = binding as Partial<DurableObjectNamespaceLike> | undefined;
  return typeof ns?.idFromName === 'function' && typeof ns.get === 'function';
}

async function send<O extends StateOperation>(ns: DurableObjectNamespaceLike, name: string, operation: O): Promise<StateAnswers[O['op']]> {
  const stub = ns.get(ns.idFromName(name) as never);
  const res = await stub.fetch('https://function-state/', { method: 'POST', body: JSON.stringify(operation) });
  if (!res.ok) throw new Error(`FunctionState answered ${res.status}`);
  return (await res.json()) as StateAnswers[O['op']];
}

export function createDurableRateLimiter(ns: DurableObjectNamespaceLike, limits: Pick<RateLimitOptions, 'perMinute' | 'burst'>): RateLimiter {
  return { take: (key) => send(ns, `rate\n${key}`, { op: 'take', limits }) };
}

export function createDurableIdempotencyStore(ns: DurableObjectNamespaceLike, options: SharedIdempotencyOptions = {}): IdempotencyStore {
  const name = (key: string) => `idempotency\n${key}`;
  return createSharedIdempotencyStore(
    {
      claim: (key, request) => send(ns, name(key), { op: 'claim', request }),
      complete: async (key, run, response, ttlMs) => {
        await send(ns, name(key), { op: 'complete', run, response, ttlMs });
      },
      release: async (key, owner) => {
        await send(ns, name(key), { op: 'release', owner });
      },
    },
    options,
  );
}
