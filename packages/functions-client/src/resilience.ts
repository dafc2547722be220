import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  DelegateBackoff,
  TaskCancelledError,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  wrap,
  type CircuitBreakerPolicy,
  type IPolicy,
  type IRetryBackoffContext,
} from 'cockatiel';
import { HttpFailure } from './http.js';

/** What the router sees of the circuit. */
export type CircuitStateName = 'closed' | 'open' | 'half-open';

export interface ResilienceOptions {
  /** Deadline of one attempt (ms). Default 10 000. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 2. */
  retries?: number;
  /** Full-jitter exponential backoff: a random delay in [0, min(max, initial·2^n)]. */
  backoff?: { initialDelayMs?: number; maxDelayMs?: number };
  /** The circuit opens after `failures` consecutive failures and probes again after `halfOpenAfterMs`. */
  breaker?: { failures?: number; halfOpenAfterMs?: number };
}

/** Failures that say "the function is not well": they count toward the breaker. */
export function isServerFailure(error: Error): boolean {
  if (error instanceof HttpFailure) return error.status >= 500;
  if (error instanceof TaskCancelledError) return true; // attempt timed out
  return error instanceof TypeError; // fetch's network error
}

/** Failures worth another attempt: the above, plus 429 (after Retry-After). */
export function isRetryable(error: Error): boolean {
  return isServerFailure(error) || (error instanceof HttpFailure && (error.status === 429 || error.status === 408));
}

export function toStateName(state: CircuitState): CircuitStateName {
  if (state === CircuitState.Closed) return 'closed';
  if (state === CircuitState.HalfOpen) return 'half-open';
  return 'open'; // Open and Isolated
}

export function createBreaker(options: ResilienceOptions): CircuitBreakerPolicy {
  return circuitBreaker(handleWhen(isServerFailure), {
    halfOpenAfter: options.breaker?.halfOpenAfterMs ?? 10_000,
    breaker: new ConsecutiveBreaker(options.breaker?.failures ?? 5),
  });
}

/**
 * retry(breaker(timeout(call))): every attempt has its own deadline and is seen by the shared
 * breaker; once it opens, BrokenCircuitError ends the retries at once (no point waiting).
 * Built per call so the retry predicate can see the caller's signal.
 */
export function callPolicy(breaker: CircuitBreakerPolicy, options: ResilienceOptions, callerSignal: AbortSignal | undefined): IPolicy {
  const initial = options.backoff?.initialDelayMs ?? 200;
  const max = options.backoff?.maxDelayMs ?? 5_000;
  const backoff = new DelegateBackoff<IRetryBackoffContext<unknown>>((context) => {
    const error = 'error' in context.result ? context.result.error : undefined;
    // The server said when: honour Retry-After (capped), plus a little jitter to de-synchronise clients.
    if (error instanceof HttpFailure && error.retryAfterMs !== undefined) return Math.min(max, error.retryAfterMs) + Math.random() * initial;
    return Math.random() * Math.min(max, initial * 2 ** (context.attempt - 1));
  });
  const retryPolicy = retry(
    handleWhen((e) => !callerSignal?.aborted && !(e instanceof BrokenCircuitError) && isRetryable(e)),
    { maxAttempts: options.retries ?? 2, backoff },
  );
  return wrap(retryPolicy, breaker, timeout(options.timeoutMs ?? 10_000, TimeoutStrategy.Aggressive));
}
