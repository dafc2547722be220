import { TandemError, guardFor, type TandemErrorOptions } from './tandem-error.js';
import type { SerializedError } from './serialized-error.js';

export type Placement = 'local' | 'remote';

export type PlacementAttempt = {
  readonly placement: Placement;
  readonly reason: string;
  readonly error?: SerializedError;
};

export type PlacementErrorDetails = {
  readonly stage: string;
  /** Every option considered or tried, in order, with why it was not used or how it failed. */
  readonly attempts: readonly PlacementAttempt[];
};

/** No placement could run the stage; lists every failed or excluded option. */
export class PlacementError extends TandemError {
  // Spelled out: minifiers rename classes, and `new.target.name` would then serialize as "i".
  override name = 'PlacementError';
  declare readonly details: Readonly<PlacementErrorDetails>;

  constructor(details: PlacementErrorDetails, options?: TandemErrorOptions) {
    const list = details.attempts.map((a) => `${a.placement}: ${a.reason}`).join('; ');
    super(
      'PLACEMENT_FAILED',
      options?.message ??
        `Stage "${details.stage}" could not run anywhere (${list || 'no implementation'}).`,
      details,
      options,
    );
  }
}
export const isPlacementError = guardFor<PlacementError>('PLACEMENT_FAILED');

export type StageTimeoutDetails = {
  readonly stage: string;
  readonly timeoutMs: number;
};

export class StageTimeoutError extends TandemError {
  // Spelled out: minifiers rename classes, and `new.target.name` would then serialize as "i".
  override name = 'StageTimeoutError';
  declare readonly details: Readonly<StageTimeoutDetails>;

  constructor(details: StageTimeoutDetails, options?: TandemErrorOptions) {
    super(
      'STAGE_TIMEOUT',
      options?.message ?? `Stage "${details.stage}" did not finish within ${details.timeoutMs} ms.`,
      details,
      options,
    );
  }
}
export const isStageTimeoutError = guardFor<StageTimeoutError>('STAGE_TIMEOUT');

export type StageAbortedDetails = {
  readonly stage: string;
  readonly reason?: string;
};

/** The caller aborted; never retried on the other side, because the caller asked to stop. */
export class StageAbortedError extends TandemError {
  // Spelled out: minifiers rename classes, and `new.target.name` would then serialize as "i".
  override name = 'StageAbortedError';
  declare readonly details: Readonly<StageAbortedDetails>;

  constructor(details: StageAbortedDetails, options?: TandemErrorOptions) {
    super(
      'STAGE_ABORTED',
      options?.message ??
        `Stage "${details.stage}" was aborted${details.reason ? `: ${details.reason}` : '.'}`,
      details,
      options,
    );
  }
}
export const isStageAbortedError = guardFor<StageAbortedError>('STAGE_ABORTED');

export type RemoteUnavailableDetails = {
  readonly endpoint: string;
  readonly reason: 'offline' | 'circuit-open' | 'timeout' | 'http' | 'network' | 'invalid-response';
  readonly status?: number;
  readonly retryAfterMs?: number;
};

export class RemoteUnavailableError extends TandemError {
  // Spelled out: minifiers rename classes, and `new.target.name` would then serialize as "i".
  override name = 'RemoteUnavailableError';
  declare readonly details: Readonly<RemoteUnavailableDetails>;

  constructor(details: RemoteUnavailableDetails, options?: TandemErrorOptions) {
    const status = details.status === undefined ? '' : ` (HTTP ${details.status})`;
    const retry =
      details.retryAfterMs === undefined ? '' : `; retry after ${details.retryAfterMs} ms`;
    super(
      'REMOTE_UNAVAILABLE',
      options?.message ??
        `Remote "${details.endpoint}" is unavailable: ${details.reason}${status}${retry}.`,
      details,
      options,
    );
  }
}
export const isRemoteUnavailableError = guardFor<RemoteUnavailableError>('REMOTE_UNAVAILABLE');
