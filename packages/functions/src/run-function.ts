import { parseWith } from '@tandem/wire';
import type { Principal } from './auth.js';
import { withProviderDeadline } from './deadline.js';
import type { FunctionDefinition } from './define-function.js';
import { IDEMPOTENCY_KEY, IdempotencyConflict, sha256Hex, type IdempotencyStore, type StoredResponse } from './idempotency.js';
import type { RequestLog } from './log.js';
import { fail } from './problem.js';
import { providerErrorProblem } from './provider-problem.js';
import { ProviderError } from './providers/provider.js';

export interface RunOptions {
  idempotency: IdempotencyStore;
  /** The app's default handler deadline (ms). */
  deadlineMs: number;
}

/** One call of a function whose input passed the gates, as HTTP and the session channel both make it. */
export interface FunctionCall<I extends object> {
  readonly fn: FunctionDefinition<I, unknown>;
  readonly input: I;
  readonly principal: Principal;
  /** The caller's key (header or message member); ignored when the route is `idempotent: false`. */
  readonly idempotencyKey: string | undefined;
  /** Aborts when the caller goes away (the request's signal, or the channel's close). */
  readonly signal: AbortSignal | undefined;
  readonly log: Partial<RequestLog>;
}

/**
 * The handler once per idempotency key, under its deadline, its answer checked against the output
 * schema. One function for both transports: the key is scoped to the subject and the fingerprint
 * covers route and input, so a retry over HTTP of a message sent over the channel (or the other
 * way round) is answered from the same store and never run twice.
 */
export async function runFunction<I extends object>(call: FunctionCall<I>, options: RunOptions): Promise<{ response: StoredResponse; replayed: boolean }> {
  const { fn, input, log } = call;
  const execute = async (): Promise<StoredResponse> => {
    let output: unknown;
    try {
      output = await withProviderDeadline(fn.route, (signal) => Promise.resolve(fn.handler({ input, signal, principal: call.principal, log })), {
        ...(call.signal ? { signal: call.signal } : {}),
        timeoutMs: fn.deadlineMs ?? options.deadlineMs,
      });
    } catch (error) {
      if (error instanceof ProviderError) throw providerErrorProblem(error);
      // A client that left aborts the request's signal, whose reason need not be an Error (on
      // @hono/node-server it is not); Hono's onError only sees Errors, so wrap it to answer 499.
      throw error instanceof Error ? error : new Error('The request ended before its answer.', { cause: error });
    }
    const checked = parseWith(fn.output, output);
    if (!checked.ok) {
      // The handler broke its own contract: the client would reject it too. Ours to fix: 500.
      log.errorKind = 'output-schema';
      throw new Error(`${fn.route} answered outside its output schema`);
    }
    return { status: 200, body: JSON.stringify(checked.value) };
  };

  const idemKey = fn.idempotent === false ? undefined : call.idempotencyKey;
  if (idemKey === undefined) return { response: await execute(), replayed: false };
  if (!IDEMPOTENCY_KEY.test(idemKey)) fail('bad-request', 'Idempotency-Key must be 1–255 printable ASCII characters.');
  log.idempotencyKey = idemKey;
  const fingerprint = await sha256Hex(JSON.stringify([fn.route, input]));
  try {
    const result = await options.idempotency.run(`${call.principal.subject}\n${idemKey}`, fingerprint, execute);
    log.replayed = result.replayed;
    return result;
  } catch (error) {
    if (error instanceof IdempotencyConflict) fail('idempotency-key-reused');
    throw error;
  }
}
