/**
 * Every call has a deadline and can be aborted: core's `withDeadline` (one implementation for the
 * whole workspace: a timer that holds its AbortController, raced against the work, so the caller's
 * promise settles the moment the deadline passes or the caller aborts, whether or not the work
 * notices; a worker busy in synchronous WASM will not), with the worker host's default deadline.
 */
import { isStageTimeoutError, withDeadline } from '@tandem/core';

/** Used when the caller gives no `timeoutMs`: long enough for a cold model load on a slow device. */
export const DEFAULT_TIMEOUT_MS = 120_000;

export interface DeadlineOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export type CancelReason = 'timeout' | 'abort';

/**
 * Runs `work` with a signal that aborts on the caller's abort or after `timeoutMs`. The returned
 * promise settles with the work, or rejects with StageTimeoutError / StageAbortedError as soon as
 * the deadline passes or the caller aborts; `onCancel` is told which, so a worker can be told too.
 */
export function runWithDeadline<T>(
  stage: string,
  options: DeadlineOptions,
  work: (signal: AbortSignal) => Promise<T>,
  onCancel?: (reason: CancelReason) => void,
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return withDeadline(
    stage,
    (signal) => {
      if (onCancel) signal.addEventListener('abort', () => onCancel(isStageTimeoutError(signal.reason) ? 'timeout' : 'abort'), { once: true });
      return work(signal);
    },
    { timeoutMs, ...(options.signal ? { signal: options.signal } : {}) },
  );
}
