import { RemoteUnavailableError, type RemoteRequest, type RemoteUnavailableDetails } from '@tandem/core';
import { ROUTES, type RouteContract, type SanitizedBody } from '@tandem/wire';
import { CircuitState, TimeoutStrategy, timeout, wrap } from 'cockatiel';
import { checkEndpoint, originOf } from './endpoint-allowlist.js';
import { createChannelSession, type ChannelSession, type SessionInternals, type SessionOptions, type TransportInfo } from './channel-session.js';
import { HttpFailure, postRoute, type Posted } from './http.js';
import { idempotencyKeys } from './idempotency-keys.js';
import { createInFlightRecords } from './in-flight-records.js';
import { createOfflineQueue, type OfflineQueue, type QueuedRequest } from './offline-queue.js';
import { callPolicy, createBreaker, toStateName, type CircuitStateName, type ResilienceOptions } from './resilience.js';
import type { CallReport } from './results.js';
import { isPermanent, toUnavailable } from './unavailable-error.js';

export interface FunctionsClientOptions extends ResilienceOptions {
  /** Base URL of the function, e.g. `https://fn.example`; a route's default URL is `{endpoint}{route}`. */
  endpoint: string;
  /**
   * Further origins a remote stage may declare as its endpoint (`https://eu.fn.example`). The
   * endpoint's own origin is always allowed; a stage on any other host is refused, never redirected.
   */
  allowedOrigins?: readonly string[];
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

/** A queued request's answer once delivered: the route's output and how it went (`attempts` 0). */
export type Delivered<O = unknown> = O & CallReport;

export interface FunctionsClientEvents {
  circuit: CircuitStateName;
  queued: { id: string; route: string; reason: RemoteUnavailableDetails['reason'] };
  delivered: { id: string; route: string; request: unknown; result: Delivered };
  /** A queued request the function refused for good (4xx): dropped from the queue. */
  dropped: { id: string; route: string; error: RemoteUnavailableError };
}

/** The public face of a client: state, events and the queue; sending goes through core's boundary. */
export interface FunctionsClient {
  /** The base endpoint, without a trailing slash. */
  readonly endpoint: string;
  /** Origins this client sends to: the endpoint's and `allowedOrigins`. */
  readonly origins: readonly string[];
  readonly circuitState: CircuitStateName;
  /** Try to deliver everything queued, oldest first; stops at the first unavailable answer. */
  flush(): Promise<{ delivered: number; remaining: number }>;
  queued(): Promise<QueuedRequest[]>;
  on<K extends keyof FunctionsClientEvents>(event: K, listener: (value: FunctionsClientEvents[K]) => void): () => void;
  /**
   * Deliver queued requests when the browser comes online and every `retryIntervalMs`; while the
   * circuit is half-open with nothing queued, probe the function's /healthz instead.
   */
  start(): void;
  /**
   * Opens a session: until `close()`, calls to routes at `{endpoint}{route}` go as messages over
   * one WebSocket to the function (`/v1/session`), opened by the first call, instead of one POST
   * each; retries, breaker and offline queue keep their meaning. Where the channel cannot open
   * (no WebSocket, refused upgrade) calls go over HTTP and the trace says why. One session at a
   * time: opening another closes the previous one.
   */
  openSession(options?: SessionOptions): ChannelSession;
  dispose(): void;
}

/** Where one call goes: a route's contract at a URL on an allowed origin. */
export interface RouteTarget<I extends object, O> {
  readonly url: string;
  readonly contract: RouteContract<I, O>;
}

export interface SendOptions {
  signal?: AbortSignal | undefined;
  /** Reuse a key to make a retry by the caller idempotent too; default a fresh UUID. */
  idempotencyKey?: string | undefined;
  /** `throw` (default) or `queue`: persist the request and resolve when it is delivered. */
  whenUnavailable?: 'throw' | 'queue' | undefined;
  /** Called once the request is durably in the offline queue (the IndexedDB commit), before waiting. */
  onQueued?: (() => void) | undefined;
  /**
   * While a session is open, keep the request in the offline queue from before it is sent until
   * it is answered, so a reload mid-call re-sends it under the same key (in-flight-records.ts).
   * For requests that may be delivered later at all (not punctuation, which the device runs).
   */
  recordInFlight?: boolean | undefined;
}

export type Sent<O> = Posted<O> & TransportInfo & { attempts: number; idempotencyKey: string };

/**
 * What the package's own modules (remote stages, the transport, the translate client) use and a
 * caller cannot reach: these take plain bodies, so only code behind core's boundary may hold them.
 */
export interface ClientInternals {
  send<I extends object, O>(target: RouteTarget<I, O>, body: SanitizedBody<I>, options?: SendOptions): Promise<Sent<O>>;
  enqueue<I extends object, O>(target: RouteTarget<I, O>, body: SanitizedBody<I>, idempotencyKey?: string): Promise<string>;
  /** Lets the delivery loop send queued entries of this route (after a reload, too). */
  know(target: RouteTarget<object, unknown>): void;
  /** Throws EndpointNotAllowedError unless `url` is on one of the client's origins. */
  checkEndpoint(url: string): void;
  /** `{endpoint}{route}`. */
  urlOf(route: string): string;
  /** Declares how the transport turns a boundary request for `url` into a call (remoteStage). */
  bind(url: string, binding: StageBinding): void;
  bindingFor(url: string): StageBinding | undefined;
}

/** How one remote stage's requests become calls of its route, and its answers the stage's output. */
export interface StageBinding {
  readonly target: RouteTarget<object, unknown>;
  /** The route's input from the boundary's request (payload and the run's params). */
  toInput(request: RemoteRequest): unknown;
  /** The stage's output from the route's checked answer. */
  fromOutput(output: unknown, request: RemoteRequest): unknown;
  /** Shown as the trace's `modelId`. */
  modelId?(output: unknown): string | undefined;
  /** Whether a request the router did not defer is queued when the function is unavailable. */
  readonly whenUnavailable: 'throw' | 'queue';
  /** Whether a deferred request may be queued at all (false: punctuation, which the device can run). */
  readonly queueable: boolean;
}

const internals = new WeakMap<object, ClientInternals>();

/** The internals of a client made by this package; a TypeError for anything else. */
export function internalsOf(client: object): ClientInternals {
  const found = internals.get(client);
  if (!found) throw new TypeError('Not a client made by createFunctionsClient or createTranslateClient.');
  return found;
}

/** Lets a client built on top of `base` (the translate client) reach the same internals. */
export function shareInternals<T extends object>(base: FunctionsClient, client: T): T {
  internals.set(client as unknown as FunctionsClient, internalsOf(base));
  return client;
}

/**
 * The browser client of a Tandem function: per-attempt timeouts, jittered retries on
 * 429/5xx/network errors and one circuit breaker (cockatiel), and an IndexedDB offline queue that
 * delivers each sanitized request exactly once (idempotency keys), across reloads. It sends only
 * what core's privacy boundary hands it, through the remote stages made with `remoteStage`.
 */
export function createFunctionsClient(options: FunctionsClientOptions): FunctionsClient {
  const endpoint = options.endpoint.replace(/\/+$/, '');
  const origins = [...new Set([originOf(endpoint), ...(options.allowedOrigins ?? []).map(originOf)])];
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const online = options.online ?? (() => (typeof navigator === 'undefined' ? true : navigator.onLine));
  const queue = options.queue === false ? undefined : (options.queue ?? createOfflineQueue());
  const inFlight = queue ? createInFlightRecords(queue) : undefined;
  const breaker = createBreaker(options);
  const listeners = new Map<keyof FunctionsClientEvents, Set<(v: never) => void>>();
  const waiters = new Map<string, { resolve: (r: Sent<unknown>) => void; reject: (e: unknown) => void }>();
  const known = new Map<string, RouteTarget<object, unknown>>();
  const bindings = new Map<string, StageBinding>();
  const cleanups: (() => void)[] = [];
  let flushing: Promise<{ delivered: number; remaining: number }> | undefined;
  let session: SessionInternals | undefined;
  const nextKey = idempotencyKeys();

  function emit<K extends keyof FunctionsClientEvents>(event: K, value: FunctionsClientEvents[K]): void {
    for (const l of listeners.get(event) ?? []) (l as (v: FunctionsClientEvents[K]) => void)(value);
  }
  const halfOpenAfterMs = options.breaker?.halfOpenAfterMs ?? 10_000;
  let openedAt = 0;
  const sub = breaker.onStateChange((s) => {
    if (s === CircuitState.Open) openedAt = Date.now();
    emit('circuit', toStateName(s));
  });
  cleanups.push(() => sub.dispose());

  const unavailable = (error: unknown, url: string) => toUnavailable(error, url, { halfOpenAfterMs, online });

  /** One call through retry(breaker(timeout(call))), with the offline short-cut and typed errors. */
  async function call<I extends object, O>(target: RouteTarget<I, O>, body: SanitizedBody<I>, idempotencyKey: string, signal: AbortSignal | undefined): Promise<Sent<O>> {
    checkEndpoint(target.url, origins);
    if (!online()) throw new RemoteUnavailableError({ endpoint: target.url, reason: 'offline' });
    let attempts = 0;
    try {
      const posted = await callPolicy(breaker, options, signal).execute(async ({ signal: attemptSignal }): Promise<Posted<O> & TransportInfo> => {
        attempts++;
        const token = await options.token?.();
        const post = { url: target.url, token, idempotencyKey, signal: attemptSignal, fetch: doFetch };
        if (session && session.state !== 'closed') return session.post(target.contract, body, post, options.token);
        return { ...(await postRoute(target.contract, body, post)), transport: 'http' };
      }, signal);
      return { ...posted, attempts, idempotencyKey };
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw unavailable(error, target.url);
    }
  }

  function know(target: RouteTarget<object, unknown>): void {
    checkEndpoint(target.url, origins);
    known.set(target.url, target);
  }

  async function enqueue<I extends object, O>(target: RouteTarget<I, O>, body: SanitizedBody<I>, idempotencyKey: string = nextKey()): Promise<string> {
    if (!queue) throw new Error('This client was created with queue: false.');
    know(target as RouteTarget<object, unknown>);
    await queue.put({ id: idempotencyKey, endpoint, url: target.url, route: target.contract.route, request: body, enqueuedAt: Date.now() });
    return idempotencyKey;
  }

  /** Keeps a session call in the queue while it is in flight; false when there is no queue or it refused. */
  async function recordInFlight<I extends object, O>(target: RouteTarget<I, O>, body: SanitizedBody<I>, key: string): Promise<boolean> {
    if (!inFlight) return false;
    know(target as RouteTarget<object, unknown>);
    return inFlight.begin({ id: key, endpoint, url: target.url, route: target.contract.route, request: body, enqueuedAt: Date.now() });
  }

  async function send<I extends object, O>(target: RouteTarget<I, O>, body: SanitizedBody<I>, sendOptions: SendOptions = {}): Promise<Sent<O>> {
    const key = sendOptions.idempotencyKey ?? nextKey();
    const recorded = sendOptions.recordInFlight === true && session !== undefined && session.state !== 'closed' && (await recordInFlight(target, body, key));
    try {
      const sent = await call(target, body, key, sendOptions.signal);
      if (recorded) inFlight?.end(key, false);
      return sent;
    } catch (error) {
      const queueIt = sendOptions.whenUnavailable === 'queue' && queue !== undefined && error instanceof RemoteUnavailableError && !isPermanent(error);
      if (recorded) inFlight?.end(key, queueIt);
      if (!queueIt) throw error;
      await enqueue(target, body, key);
      sendOptions.onQueued?.();
      emit('queued', { id: key, route: target.contract.route, reason: error.details.reason });
      return new Promise<Sent<O>>((resolve, reject) => {
        waiters.set(key, { resolve: resolve as (r: Sent<unknown>) => void, reject });
        sendOptions.signal?.addEventListener('abort', () => {
          // The caller stopped waiting; the request stays queued and is still delivered once.
          waiters.delete(key);
          reject(sendOptions.signal?.reason);
        }, { once: true });
      });
    }
  }

  /** The target of a queued entry; entries from before generic routes are translate requests. */
  function targetOf(item: QueuedRequest): RouteTarget<object, unknown> | undefined {
    return known.get(item.url ?? `${endpoint}${ROUTES.translate}`);
  }

  async function flushOnce(): Promise<{ delivered: number; remaining: number }> {
    if (!queue) return { delivered: 0, remaining: 0 };
    const items = (await queue.list()).filter((i) => i.endpoint === endpoint);
    let delivered = 0;
    let waiting = 0;
    for (const item of items) {
      // Being sent by this page right now (in-flight-records.ts): not a second time at once.
      if (inFlight?.keys.has(item.id)) {
        waiting++;
        continue;
      }
      const target = targetOf(item);
      // A route no stage of this page declared yet: keep it until one does.
      if (!target) {
        waiting++;
        continue;
      }
      const route = target.contract.route;
      let result: Sent<unknown>;
      try {
        result = await call(target, item.request as SanitizedBody<object>, item.id, undefined);
      } catch (error) {
        const e = unavailable(error, target.url);
        if (!isPermanent(e)) return { delivered, remaining: items.length - delivered };
        await queue.remove(item.id);
        waiters.get(item.id)?.reject(e);
        waiters.delete(item.id);
        emit('dropped', { id: item.id, route, error: e });
        continue;
      }
      // Delete only after the answer: a reload before this line re-sends under the same key,
      // and the function replays its stored answer instead of running it twice.
      await queue.remove(item.id);
      delivered++;
      const delivery: Sent<unknown> = { ...result, attempts: 0 };
      waiters.get(item.id)?.resolve(delivery);
      waiters.delete(item.id);
      emit('delivered', { id: item.id, route, request: item.request, result: deliveredResult(delivery) });
    }
    return { delivered, remaining: waiting };
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
      const res = await doFetch(`${endpoint}${ROUTES.health}`, { signal, credentials: 'omit', cache: 'no-store' });
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

  const client: FunctionsClient = {
    endpoint,
    origins,
    get circuitState() {
      return circuitState();
    },
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
      const interval = setInterval(tick, options.retryIntervalMs ?? 5_000);
      cleanups.push(() => clearInterval(interval));
      if (typeof window !== 'undefined') {
        window.addEventListener('online', tick);
        cleanups.push(() => window.removeEventListener('online', tick));
      }
      tick();
    },
    openSession(sessionOptions) {
      session?.close();
      session = createChannelSession(endpoint, sessionOptions);
      return session;
    },
    dispose() {
      session?.close();
      for (const c of cleanups.splice(0)) c();
    },
  };
  internals.set(client, {
    send,
    enqueue,
    know,
    checkEndpoint: (url) => checkEndpoint(url, origins),
    urlOf: (route) => `${endpoint}${route}`,
    bind(url, binding) {
      know(binding.target);
      bindings.set(url, binding);
    },
    bindingFor: (url) => bindings.get(url),
  });
  return client;
}

/** The answer as a flat object: the route's output fields beside attempts, replayed, bytes and key. */
export function deliveredResult<O>(sent: Sent<O>): Delivered<O> {
  return {
    ...(sent.response as O & object),
    attempts: sent.attempts,
    replayed: sent.replayed,
    bytesSent: sent.bytesSent,
    idempotencyKey: sent.idempotencyKey,
    transport: sent.transport,
    ...(sent.fallbackReason ? { transportFallback: sent.fallbackReason } : {}),
  } as Delivered<O>;
}
