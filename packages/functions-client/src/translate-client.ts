import { PrivacyViolationError, isTrustedLeavable, type RemoteUnavailableError, type Sanitized } from '@tandem/core';
import { ROUTES, punctuateRoute, sealBody, translateRoute, type PunctuateInput, type TranslateInput, type TranslateRequest } from '@tandem/wire';
import { createFunctionsClient, deliveredResult, internalsOf, shareInternals, type FunctionsClient, type FunctionsClientEvents, type FunctionsClientOptions } from './functions-client.js';
import type { CircuitStateName } from './resilience.js';
import type { PunctuateResult, TranslateResult } from './results.js';

export type TranslateClientOptions = FunctionsClientOptions;

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

/** The translate route's events, typed for it (the generic client's, filtered to `/v1/translate`). */
export interface ClientEvents {
  circuit: CircuitStateName;
  queued: { id: string; reason: FunctionsClientEvents['queued']['reason'] };
  delivered: { id: string; request: TranslateRequest; result: TranslateResult };
  /** A queued request the function refused for good (4xx): dropped from the queue. */
  dropped: { id: string; error: RemoteUnavailableError };
}

/**
 * The client of the built-in translate function: the generic client plus its two routes. The
 * send methods take core `Sanitized<>` values only (made by a declared sanitizer), checked at run
 * time too, so a caller cannot skip the privacy boundary with a hand-written `label`.
 */
export interface TranslateClient extends Omit<FunctionsClient, 'on'> {
  translate(input: Sanitized<TranslateInput>, options?: TranslateCallOptions): Promise<TranslateResult>;
  /**
   * POST /v1/punctuate through the same retries and circuit breaker (it is the same function).
   * Never queued: the device runs the same rules, so an unavailable function means fall back.
   */
  punctuate(input: Sanitized<PunctuateInput>, options?: { signal?: AbortSignal }): Promise<PunctuateResult>;
  /** Persist a request for later delivery; resolves with its id (= idempotency key) once committed. */
  enqueue(input: Sanitized<TranslateInput>, idempotencyKey?: string): Promise<string>;
  on<K extends keyof ClientEvents>(event: K, listener: (value: ClientEvents[K]) => void): () => void;
}

/** Refuses anything core did not mint as sanitized in this page (a JSON look-alike included). */
function sanitizedValue<T>(input: Sanitized<T>, route: string, destination: string): T {
  if (!isTrustedLeavable(input) || input.label !== 'sanitized') {
    const label = typeof input === 'object' && input !== null && typeof input.label === 'string' ? input.label : 'raw';
    throw new PrivacyViolationError({ stage: route, label: label as 'raw', destination, rule: 'unsanitized' });
  }
  return input.value;
}

/**
 * The browser client of the translate function (see `createFunctionsClient` for timeouts, retries,
 * the breaker and the offline queue, which it shares with every remote stage of the same client).
 */
export function createTranslateClient(options: TranslateClientOptions): TranslateClient {
  const base = createFunctionsClient(options);
  const inner = internalsOf(base);
  const translate = { url: inner.urlOf(ROUTES.translate), contract: translateRoute };
  const punctuate = { url: inner.urlOf(ROUTES.punctuate), contract: punctuateRoute };
  inner.know(translate);

  const client: TranslateClient = {
    endpoint: base.endpoint,
    origins: base.origins,
    get circuitState() {
      return base.circuitState;
    },
    flush: () => base.flush(),
    queued: () => base.queued(),
    start: () => base.start(),
    openSession: (sessionOptions) => base.openSession(sessionOptions),
    dispose: () => base.dispose(),
    async translate(input, callOptions = {}) {
      const body = sealBody(sanitizedValue(input, ROUTES.translate, translate.url));
      return deliveredResult(await inner.send(translate, body, callOptions));
    },
    async punctuate(input, callOptions = {}) {
      const body = sealBody(sanitizedValue(input, ROUTES.punctuate, punctuate.url));
      const sent = await inner.send(punctuate, body, { signal: callOptions.signal });
      return { ...sent.response, attempts: sent.attempts, bytesSent: sent.bytesSent };
    },
    enqueue: (input, key) => inner.enqueue(translate, sealBody(sanitizedValue(input, ROUTES.translate, translate.url)), key),
    on(event, listener) {
      const relay = listener as (value: unknown) => void;
      if (event === 'circuit') return base.on('circuit', relay);
      return base.on(event, (value) => {
        const { route, ...translateEvent } = value as { route: string };
        if (route === ROUTES.translate) relay(translateEvent);
      });
    },
  };
  return shareInternals(base, client);
}
