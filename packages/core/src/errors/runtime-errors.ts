import { TandemError, guardFor, type TandemErrorOptions } from './tandem-error.js';

export type WorkerCrashedDetails = {
  readonly worker: string;
  readonly reason: string;
  /** Requests that were pending when the worker died; each is rejected with this error. */
  readonly inFlight: number;
};

export class WorkerCrashedError extends TandemError {
  // Spelled out: minifiers rename classes, and `new.target.name` would then serialize as "i".
  override name = 'WorkerCrashedError';
  declare readonly details: Readonly<WorkerCrashedDetails>;

  constructor(details: WorkerCrashedDetails, options?: TandemErrorOptions) {
    super(
      'WORKER_CRASHED',
      options?.message ??
        `Worker "${details.worker}" crashed (${details.reason}) with ${details.inFlight} request(s) in flight.`,
      details,
      options,
    );
  }
}
export const isWorkerCrashedError = guardFor<WorkerCrashedError>('WORKER_CRASHED');

export type BackendFailure = {
  readonly backend: string;
  readonly message: string;
};

export type BackendUnavailableDetails = {
  readonly engine: string;
  readonly failures: readonly BackendFailure[];
};

/** Thrown only when every backend failed; lists each failure so none is hidden. */
export class BackendUnavailableError extends TandemError {
  // Spelled out: minifiers rename classes, and `new.target.name` would then serialize as "i".
  override name = 'BackendUnavailableError';
  declare readonly details: Readonly<BackendUnavailableDetails>;

  constructor(details: BackendUnavailableDetails, options?: TandemErrorOptions) {
    const list = details.failures.map((f) => `${f.backend}: ${f.message}`).join('; ');
    super(
      'BACKEND_UNAVAILABLE',
      options?.message ??
        `No backend of "${details.engine}" could start (${list || 'none registered'}).`,
      details,
      options,
    );
  }
}
export const isBackendUnavailableError = guardFor<BackendUnavailableError>('BACKEND_UNAVAILABLE');

export type ValidationDetails = {
  readonly what: string;
  readonly issues: readonly string[];
};

export class ValidationError extends TandemError {
  // Spelled out: minifiers rename classes, and `new.target.name` would then serialize as "i".
  override name = 'ValidationError';
  declare readonly details: Readonly<ValidationDetails>;

  constructor(details: ValidationDetails, options?: TandemErrorOptions) {
    super(
      'VALIDATION',
      options?.message ?? `Invalid ${details.what}: ${details.issues.join('; ')}.`,
      details,
      options,
    );
  }
}
export const isValidationError = guardFor<ValidationError>('VALIDATION');
