import { checkRoutePath, type RouteContract } from '@tandem/wire';
import type { Principal } from './auth.js';
import type { RequestLog } from './log.js';

/** What a handler gets: the validated input, never the raw body. */
export interface HandlerContext<I> {
  /** The route's input, checked by its schema; the `label` was checked and taken off. */
  readonly input: I;
  /** Aborts when the function's deadline passes or the client goes away: pass it to every fetch. */
  readonly signal: AbortSignal;
  /** Who called (the token's subject, or `anonymous:<client>` with auth off). */
  readonly principal: Principal;
  /**
   * This request's log line: add sizes, timings and ids (`chars`, `provider`, `model`), never
   * the text. It is written once, when the request ends.
   */
  readonly log: Partial<RequestLog>;
}

export interface FunctionSpec<I extends object, O> extends RouteContract<I, O> {
  /** Runs once the gates passed; throw a `ProblemError` (`fail`) to answer with a problem. */
  handler(context: HandlerContext<I>): O | Promise<O>;
  /**
   * Honour `Idempotency-Key` (default true): a repeat with the same input gets the stored answer
   * without running the handler again. Turn it off only for a handler without side effects whose
   * answers are not worth storing (punctuation).
   */
  readonly idempotent?: boolean;
  /** The handler's deadline in ms (default: the app's `providerTimeoutMs`, 15 s); past it, 504. */
  readonly deadlineMs?: number;
}

/** A route the functions app serves: its contract and its handler, and nothing it could skip. */
export interface FunctionDefinition<I extends object = object, O = unknown> extends FunctionSpec<I, O> {
  readonly kind: 'tandem-function';
}

/**
 * Declares one POST route of a Tandem function. Every route, built in or the developer's own,
 * goes through the same gates in the same order (CORS → auth → rate limit → media type → body
 * limit → JSON → label → schema → idempotency → deadline), because the app, not the route,
 * owns them: a route cannot be added beside the gates.
 */
export function defineFunction<I extends object, O>(spec: FunctionSpec<I, O>): FunctionDefinition<I, O> {
  checkRoutePath(spec.route);
  if (typeof spec.handler !== 'function') throw new TypeError(`The function at ${spec.route} needs a handler.`);
  if (spec.deadlineMs !== undefined && !(spec.deadlineMs > 0)) throw new RangeError(`deadlineMs of ${spec.route} must be positive, got ${spec.deadlineMs}.`);
  return Object.freeze({ ...spec, kind: 'tandem-function' as const });
}
