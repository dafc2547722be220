import { StageAbortedError, StageTimeoutError, withDeadline } from '@tandem/core';
import { ProviderError } from './providers/provider.js';

export interface ProviderDeadlineOptions {
  /** The caller's signal (the request's, or an outer deadline's). */
  signal?: AbortSignal;
  timeoutMs: number;
}

/**
 * Every deadline of the function and its providers: core's `withDeadline`, whose timer is a plain
 * `setTimeout` holding its AbortController strongly and whose promise races the work, with the
 * timeout turned into `ProviderError('timeout')` (the app's 504).
 *
 * Why not `AbortSignal.any([signal, AbortSignal.timeout(ms)])`: on Node 20 the composite holds
 * its sources weakly, so after a garbage collection the timeout signal is gone and never fires
 * (nodejs/node#57736); a stalled sidecar then hung every request. Why the race: a fetch that
 * ignores or loses its signal (undici holds its own controller weakly too) still returns on time.
 * The caller's abort is rethrown as the caller's own reason, so an outer deadline wins over this one.
 */
export async function withProviderDeadline<T>(
  provider: string,
  work: (signal: AbortSignal) => Promise<T>,
  options: ProviderDeadlineOptions,
): Promise<T> {
  const { signal, timeoutMs } = options;
  try {
    return await withDeadline(provider, work, { timeoutMs, ...(signal ? { signal } : {}) });
  } catch (error) {
    if (error instanceof StageTimeoutError) {
      throw new ProviderError('timeout', `${provider} did not answer within ${timeoutMs} ms`, { cause: error });
    }
    if (error instanceof StageAbortedError && signal?.aborted) throw signal.reason;
    throw error;
  }
}
