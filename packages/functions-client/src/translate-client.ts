import { RemoteUnavailableError, type RemoteUnavailableDetails } from '@tandem/core';
import { BrokenCircuitError, CircuitState, TaskCancelledError, TimeoutStrategy, timeout, wrap } from 'cockatiel';
import { HttpFailure, InvalidResponse, postPunctuate, postTranslate, type PostOptions } from './http.js';
import { createOfflineQueue, type OfflineQueue, type QueuedRequest } from './offline-queue.js';
import { callPolicy, createBreaker, toStateName, type CircuitStateName, type ResilienceOptions } from './resilience.js';
import type { PunctuateRequest, PunctuateResult, TranslateRequest, TranslateResult } from './wire.js';

export interface TranslateClientOptions extends ResilienceOptions {
  /** Base URL of the function, e.g. `https://translate.example` (POST {endpoint}/v1/translate). */
  endpoint: string;
  /** Supplies a fresh short-lived bearer token per attempt; omit when the function needs none. */
  token?: () => string | undefined | Promise<string | undefined>;
  /** The offline queue; `false` disables queueing. Default: IndexedDB `tandem-functions-client`. */
  queue?: OfflineQueue | false;
  /** While requests are queued, how often to try delivering them (ms). Default 5 000. */
  retryIntervalMs?: number;
  /** Whether the browser believes it is online. Default `navigator.onLine`. */
  online?: () => boolean;
  fetch?: typeof fetch;
}

export interface TranslateCallOptions {
  signal?: AbortSignal;
  /** Reuse a key to make a retry by the caller idempotent too; default a fresh UUID. */
  idempotencyKey?: string;
  /**
   * `throw` (default): an unavailable function rejects with RemoteUnavailableError, so the router
   * can fall back to a local stage. `queue`: the request is persisted and the promise resolves
   * when it is delivered (in this page's lifetime; after a reload listen for `delivered`).
   */
  whenUnavailable?: 'throw' | 'queue';
}

export interface ClientEvents {
  circuit: CircuitStateName;
  queued: { id: string; reason: RemoteUnavailableDetails['reason'] };
  delivered: { id: string; request: TranslateRequest; result: TranslateResult };
  /** A queued request the function refused for good (4xx): dropped from the queue. */
  dropped: { id: string; error: RemoteUnavailableError };
}

export interface TranslateClient {
  readonly endpoint: string;
  readonly circuitState: CircuitStateName;
  translate(request: TranslateRequest, options?: TranslateCallOptions): Promise<TranslateResult>;
  /**
   * POST /v1/punctuate through the same retries and circuit breaker (it is the same function).
   * Never queued: the device runs the same rules, so an unavailable function means fall back.
   */
  punctuate(request: PunctuateRequest, options?: { signal?: AbortSignal }): Promise<PunctuateResult>;
  /** Persist a request for later delivery; resolves with its id (= idempotency key). */
  enqueue(request: TranslateRequest, idempotencyKey?: string): Promise<string>;
  /** Try to deliver everything queued, oldest first; stops at the first unavailable answer. */
  flush(): Promise<{ delivered: number; remaining: number }>;
  queued(): Promise<QueuedRequest[]>;
  on<K extends keyof ClientEvents>(event: K, listener: (value: ClientEvents[K]) => void): () => void;
  /**
   * Deliver queued requests when the browser comes online and every `retryIntervalMs`; while the
   * circuit is half-open with nothing queued, probe the function's /healthz instead.
   */
  start(): void;
  dispose(): void;
}

/**
 * The browser client of the translate function: per-attempt timeouts, jittered retries on
 * 429/5xx/network errors and a circuit breaker (cockatiel), and an IndexedDB offline queue that
 * delivers each sanitized request exactly once (idempotency keys), across reloads.
 */
export function createTranslateClient(options: TranslateClientOptions): TranslateClient {
  const endpoint = options.endpoint.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const online = options.online ?? (() => (typeof navigator === 'undefined' ? true : navigator.onLine));
  const queue = options.queue === false ? undefined : (options.queue ?? createOfflineQueue());
  const breaker = createBreaker(options);
  const listeners = new Map<keyof ClientEvents, Set<(v: never) => void>>();
  const waiters = new Map<string, { resolve: (r: TranslateResult) => void; reject: (e: unknown) => void }>();
  const cleanups: (() => void)[] = [];
  let flushing: Promise<{ delivered: number; remaining: number }> | undefined;

  function emit<K extends keyof ClientEvents>(event: K, value: ClientEvents[K]): void {
    for (const l of listeners.get(event) ?? []) (l as (v: ClientEvents[K]) => void)(value);
  }
  const halfOpenAfterMs = options.breaker?.halfOpenAfterMs ?? 10_000;
  let openedAt = 0;
  const sub = breaker.onStateChange((s) => {
    if (s === CircuitState.Open) openedAt = Date.now();
    emit('circuit', toStateName(s));
  });
  cleanups.push(() => sub.dispose());

  function unavailable(error: unknown, path = '/v1/translate'): RemoteUnavailableError {
    const base = { endpoint: `${endpoint}${path}` };
    if (error instanceof RemoteUnavailableError) return error;
    if (error instanceof BrokenCircuitError) {
      return new RemoteUnavailableError({ ...base, reason: 'circuit-open', retryAfterMs: options.breaker?.halfOpenAfterMs ?? 10_000 }, { cause: error });
    }
    if (error instanceof TaskCancelledError) return new RemoteUnavailableError({ ...base, reason: 'timeout' }, { cause: error });
    if (error instanceof HttpFailure) {
      return new RemoteUnavailableError({ ...base, reason: 'http', status: error.status, ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}) }, { cause: error });
    }
    if (error instanceof InvalidResponse) return new RemoteUnavailableError({ ...base, reason: 'invalid-response' }, { cause: error });
    return new RemoteUnavailableError({ ...base, reason: online() ? 'network' : 'offline' }, { cause: error });
  }

  /** 4xx other than 408/429 will not get better by waiting: never queued, dropped if queued. */
  function permanent(error: RemoteUnavailableError): boolean {
    const { reason, status } = error.details;
    return (reason === 'http' && status !== undefined && status < 500 && status !== 429 && status !== 408) || reason === 'invalid-response';
  }

  /** One call through retry(breaker(timeout)), with the offline short-cut and typed errors. */
  async function call<T>(path: string, post: (o: PostOptions) => Promise<T>, idempotencyKey: string, signal: AbortSignal | undefined): Promise<{ out: T; attempts: number }> {
    if (!online()) throw new RemoteUnavailableError({ endpoint: `${endpoint}${path}`, reason: 'offline' });
    let attempts = 0;
    try {
      const out = await callPolicy(breaker, options, signal).execute(async ({ signal: attemptSignal }) => {
        attempts++;
        const token = await options.token?.();
        return post({ endpoint, token, idempotencyKey, signal: attemptSignal, fetch: doFetch });
      }, signal);
      return { out, attempts };
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw unavailable(error, path);
    }
  }

  async function send(request: TranslateRequest, idempotencyKey: string, signal: AbortSignal | undefined): Promise<TranslateResult> {
    const { out, attempts } = await call('/v1/translate', (o) => postTranslate(request, o), idempotencyKey, signal);
    return { ...out.response, attempts, replayed: out.replayed, bytesSent: out.bytesSent, idempotencyKey };
  }

  async function enqueue(request: TranslateRequest, idempotencyKey: string = crypto.randomUUID()): Promise<string> {
    if (!queue) throw new Error('This client was created with queue: false.');
    await queue.put({ id: idempotencyKey, endpoint, request, enqueuedAt: Date.now() });
    return idempotencyKey;
  }

  async function flushOnce(): Promise<{ delivered: number; remaining: number }> {
    if (!queue) return { delivered: 0, remaining: 0 };
    const items = (await queue.list()).filter((i) => i.endpoint === endpoint);
    let delivered = 0;
    for (const item of items) {
      let result: TranslateResult;
      try {
        result = await send(item.request, item.id, undefined);
      } catch (error) {
        const e = unavailable(error);
        if (!permanent(e)) return { delivered, remaining: items.length - delivered };
        await queue.remove(item.id);
        waiters.get(item.id)?.reject(e);
        waiters.delete(item.id);
        emit('dropped', { id: item.id, error: e });
        continue;
      }
      // Delete only after the answer: a reload before this line re-sends under the same key,
      // and the function replays its stored answer instead of translating twice.
      await queue.remove(item.id);
      delivered++;
      const delivery = { ...result, attempts: 0 };
      waiters.get(item.id)?.resolve(delivery);
      waiters.delete(item.id);
      emit('delivered', { id: item.id, request: item.request, result: delivery });
    }
    return { delivered, remaining: 0 };
  }

  /** cockatiel moves to half-open lazily, on the next call; the router must see it on time. */
  function circuitState(): CircuitStateName {
    const state = toStateName(breaker.state);
    return state === 'open' && Date.now() - openedAt >= halfOpenAfterMs ? 'half-open' : state;
  }

  /**
   * The half-open trial call. A router that sees a half-open circuit may keep a stage on the
   * device (core treats half-open as a penalty), so nobody would ever try the function again;
   * the delivery loop therefore probes GET /healthz through the breaker, which closes it on success.
   */
  async function probe(): Promise<void> {
    const policy = wrap(breaker, timeout(options.timeoutMs ?? 10_000, TimeoutStrategy.Aggressive));
    await policy.execute(async ({ signal }) => {
      const res = await doFetch(`${endpoint}/healthz`, { signal, credentials: 'omit', cache: 'no-store' });
      await res.body?.cancel();
      if (!res.ok) throw new HttpFailure(res.status, undefined, undefined);
    });
  }

  function flush(): Promise<{ delivered: number; remaining: number }> {
    // One flush at a time in this page, and across tabs of the origin (Web Locks), so a queued
    // item is never in flight twice.
    flushing ??= (async () => {
      try {
        const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
        return locks ? await locks.request(`tandem-functions-client:${endpoint}`, flushOnce) : await flushOnce();
      } finally {
        flushing = undefined;
      }
    })();
    return flushing;
  }

  return {
    endpoint,
    get circuitState() {
      return circuitState();
    },
    async translate(request, callOptions = {}) {
      const key = callOptions.idempotencyKey ?? crypto.randomUUID();
      try {
        return await send(request, key, callOptions.signal);
      } catch (error) {
        if (callOptions.whenUnavailable !== 'queue' || !queue || !(error instanceof RemoteUnavailableError) || permanent(error)) throw error;
        await enqueue(request, key);
        emit('queued', { id: key, reason: error.details.reason });
        return new Promise<TranslateResult>((resolve, reject) => {
          waiters.set(key, { resolve, reject });
          callOptions.signal?.addEventListener('abort', () => {
            // The caller stopped waiting; the request stays queued and is still delivered once.
            waiters.delete(key);
            reject(callOptions.signal?.reason);
          }, { once: true });
        });
      }
    },
    async punctuate(request, callOptions = {}) {
      const { out, attempts } = await call('/v1/punctuate', (o) => postPunctuate(request, o), crypto.randomUUID(), callOptions.signal);
      return { ...out.response, attempts, bytesSent: out.bytesSent };
    },
    enqueue,
    flush,
    queued: async () => (queue ? (await queue.list()).filter((i) => i.endpoint === endpoint) : []),
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (v: never) => void);
      return () => set.delete(listener as (v: never) => void);
    },
    start() {
      const tick = () => {
        void (async () => {
          if (circuitState() === 'half-open' && (await queue?.list())?.length === 0) await probe();
          await flush();
        })().catch(() => undefined);
      };
      if (typeof window !== 'undefined') {
        window.addEventListener('online', tick);
        cleanups.push(() => window.removeEventListener('online', tick));
      }
      const timer = setInterval(tick, options.retryIntervalMs ?? 5_000);
      cleanups.push(() => clearInterval(timer));
      tick();
    },
    dispose() {
      for (const c of cleanups.splice(0)) c();
    },
  };
}
