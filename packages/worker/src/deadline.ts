/**
 * Every call has a deadline and can be aborted. This turns the caller's `RunOptions` into one
 * AbortSignal for the work and rejects the caller's promise the moment either fires, with core's
 * typed errors, whether or not the work itself notices (a worker busy in synchronous WASM will not).
 */
import { StageAbortedError, StageTimeoutError } from '@tandem/core';

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
  const callerSignal = options.signal;
  if (callerSignal?.aborted) {
    return Promise.reject(new StageAbortedError({ stage, reason: reasonText(callerSignal.reason) }));
  }
  const controller = new AbortController();
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onAbort);
      fn();
    };
    const cancel = (reason: CancelReason, error: Error) => {
      finish(() => reject(error));
      controller.abort(error);
      onCancel?.(reason);
    };
    const onAbort = () =>
      cancel('abort', new StageAbortedError({ stage, reason: reasonText(callerSignal?.reason) }));
    const timer = setTimeout(() => cancel('timeout', new StageTimeoutError({ stage, timeoutMs })), timeoutMs);
    callerSignal?.addEventListener('abort', onAbort, { once: true });
    work(controller.signal).then(
      (value) => finish(() => resolve(value)),
      (error: unknown) => finish(() => reject(error)),
    );
  });
}

function reasonText(reason: unknown): string | undefined {
  if (reason === undefined) return undefined;
  if (reason instanceof Error) return reason.message;
  return String(reason);
}
