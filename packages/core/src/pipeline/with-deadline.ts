import { StageAbortedError, StageTimeoutError } from '../errors/placement-errors.js';

export interface DeadlineOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

function reasonText(reason: unknown): string | undefined {
  if (reason instanceof Error) return reason.message;
  return typeof reason === 'string' ? reason : undefined;
}

/**
 * Runs `work` with a signal that aborts on the caller's signal or after `timeoutMs`, and settles as
 * soon as either happens, even if `work` ignores its signal (a hung worker must not hang the run).
 */
export async function withDeadline<T>(
  stage: string,
  work: (signal: AbortSignal) => Promise<T>,
  options: DeadlineOptions = {},
): Promise<T> {
  const { signal, timeoutMs } = options;
  if (signal?.aborted === true) {
    const reason = reasonText(signal.reason);
    throw new StageAbortedError({ stage, ...(reason === undefined ? {} : { reason }) });
  }
  const controller = new AbortController();
  const onAbort = (): void => {
    const reason = reasonText(signal?.reason);
    controller.abort(new StageAbortedError({ stage, ...(reason === undefined ? {} : { reason }) }));
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => controller.abort(new StageTimeoutError({ stage, timeoutMs })), timeoutMs);
  let stopWaiting: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    const fail = (): void => reject(controller.signal.reason as Error);
    controller.signal.addEventListener('abort', fail, { once: true });
    stopWaiting = () => controller.signal.removeEventListener('abort', fail);
  });
  try {
    return await Promise.race([work(controller.signal), aborted]);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    stopWaiting?.();
  }
}
