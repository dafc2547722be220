/**
 * How a failed call is told to the caller and the router: every failure becomes one
 * `RemoteUnavailableError` with a reason (circuit open, timeout, HTTP status, invalid response,
 * network or offline), and that reason decides whether waiting can help (queue it) or not (drop it).
 */
import { RemoteUnavailableError } from '@tandem/core';
import { BrokenCircuitError, TaskCancelledError } from 'cockatiel';
import { HttpFailure, InvalidResponse } from './http.js';

/** 4xx other than 408/429 will not get better by waiting: never queued, dropped if queued. */
export function isPermanent(error: RemoteUnavailableError): boolean {
  const { reason, status } = error.details;
  return (reason === 'http' && status !== undefined && status < 500 && status !== 429 && status !== 408) || reason === 'invalid-response';
}

/**
 * `error` from one call to `url` as a `RemoteUnavailableError`. An open circuit says when to try
 * again (`halfOpenAfterMs`); a plain network failure is `offline` when the device says so.
 */
export function toUnavailable(error: unknown, url: string, context: { halfOpenAfterMs: number; online: () => boolean }): RemoteUnavailableError {
  const base = { endpoint: url };
  if (error instanceof RemoteUnavailableError) return error;
  if (error instanceof BrokenCircuitError) return new RemoteUnavailableError({ ...base, reason: 'circuit-open', retryAfterMs: context.halfOpenAfterMs }, { cause: error });
  if (error instanceof TaskCancelledError) return new RemoteUnavailableError({ ...base, reason: 'timeout' }, { cause: error });
  if (error instanceof HttpFailure) {
    return new RemoteUnavailableError({ ...base, reason: 'http', status: error.status, ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}) }, { cause: error });
  }
  if (error instanceof InvalidResponse) return new RemoteUnavailableError({ ...base, reason: 'invalid-response' }, { cause: error });
  return new RemoteUnavailableError({ ...base, reason: context.online() ? 'network' : 'offline' }, { cause: error });
}
