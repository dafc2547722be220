import {
  ModelDownloadError,
  ModelIntegrityError,
  QuotaError,
  type ModelDownloadDetails,
  type ModelIntegrityDetails,
  type QuotaDetails,
} from './model-errors.js';
import {
  PlacementError,
  RemoteUnavailableError,
  StageAbortedError,
  StageTimeoutError,
  type PlacementErrorDetails,
  type RemoteUnavailableDetails,
  type StageAbortedDetails,
  type StageTimeoutDetails,
} from './placement-errors.js';
import { PrivacyViolationError, type PrivacyViolationDetails } from './privacy-violation-error.js';
import {
  BackendUnavailableError,
  ValidationError,
  WorkerCrashedError,
  type BackendUnavailableDetails,
  type ValidationDetails,
  type WorkerCrashedDetails,
} from './runtime-errors.js';
import { isSerializedError, type SerializedError } from './serialized-error.js';
import { TandemError, isTandemError, type TandemErrorOptions } from './tandem-error.js';

type Rebuild = (details: Record<string, unknown>, options: TandemErrorOptions) => TandemError;

/*
 * Details were written by the matching constructor on the other side, so the casts below only
 * restore the static type the sender had; the codes are the contract between the two realms.
 */
const REBUILDERS: Readonly<Record<string, Rebuild>> = {
  PRIVACY_VIOLATION: (d, o) => new PrivacyViolationError(d as PrivacyViolationDetails, o),
  PLACEMENT_FAILED: (d, o) => new PlacementError(d as PlacementErrorDetails, o),
  STAGE_TIMEOUT: (d, o) => new StageTimeoutError(d as StageTimeoutDetails, o),
  STAGE_ABORTED: (d, o) => new StageAbortedError(d as StageAbortedDetails, o),
  REMOTE_UNAVAILABLE: (d, o) => new RemoteUnavailableError(d as RemoteUnavailableDetails, o),
  MODEL_INTEGRITY: (d, o) => new ModelIntegrityError(d as ModelIntegrityDetails, o),
  QUOTA_EXCEEDED: (d, o) => new QuotaError(d as QuotaDetails, o),
  MODEL_DOWNLOAD: (d, o) => new ModelDownloadError(d as ModelDownloadDetails, o),
  WORKER_CRASHED: (d, o) => new WorkerCrashedError(d as WorkerCrashedDetails, o),
  BACKEND_UNAVAILABLE: (d, o) => new BackendUnavailableError(d as BackendUnavailableDetails, o),
  VALIDATION: (d, o) => new ValidationError(d as ValidationDetails, o),
};

const BUILTIN: Readonly<Record<string, new (message: string) => Error>> = {
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};

/** Causes nest; a cycle or a very deep chain is cut rather than overflowing the stack. */
const MAX_CAUSE_DEPTH = 8;

/** Copies `value` keeping only what structured clone and JSON both carry. */
function toPlainData(value: unknown, depth = 0): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) return serializeError(value, depth + 1);
  if (depth > MAX_CAUSE_DEPTH || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) return value.map((v) => toPlainData(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const plain = toPlainData(v, depth + 1);
    if (plain !== undefined) out[k] = plain;
  }
  return out;
}

/** Turns any thrown value into a structured-clone-safe object. Never throws. */
export function serializeError(error: unknown, depth = 0): SerializedError {
  if (isSerializedError(error) && !(error instanceof Error)) return error;
  if (!(error instanceof Error)) {
    return { name: 'Error', message: typeof error === 'string' ? error : safeString(error) };
  }
  const cause =
    error.cause !== undefined && depth < MAX_CAUSE_DEPTH
      ? serializeError(error.cause, depth + 1)
      : undefined;
  return {
    name: error.name,
    message: error.message,
    ...(isTandemError(error)
      ? { code: error.code, details: toPlainData(error.details, depth) as Record<string, unknown> }
      : {}),
    ...(error.stack === undefined ? {} : { stack: error.stack }),
    ...(cause === undefined ? {} : { cause }),
  };
}

function safeString(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Rebuilds the right class from {@link serializeError}'s output; unknown codes stay Tandem errors. */
export function deserializeError(serialized: SerializedError): Error {
  const cause = serialized.cause === undefined ? undefined : deserializeError(serialized.cause);
  const options: TandemErrorOptions = {
    message: serialized.message,
    ...(cause === undefined ? {} : { cause }),
  };
  let error: Error;
  const rebuild = serialized.code === undefined ? undefined : REBUILDERS[serialized.code];
  if (rebuild !== undefined) {
    error = rebuild({ ...serialized.details }, options);
  } else if (serialized.code !== undefined) {
    error = new TandemError(serialized.code, serialized.message, serialized.details ?? {}, options);
    error.name = serialized.name;
  } else if (serialized.name === 'AbortError' || serialized.name === 'TimeoutError') {
    error = new DOMException(serialized.message, serialized.name);
  } else {
    const Builtin = BUILTIN[serialized.name];
    error = Builtin === undefined ? new Error(serialized.message, options) : new Builtin(serialized.message);
    if (Builtin === undefined) error.name = serialized.name;
    else if (cause !== undefined) Object.defineProperty(error, 'cause', { value: cause, configurable: true, writable: true });
  }
  if (serialized.stack !== undefined) {
    Object.defineProperty(error, 'stack', { value: serialized.stack, configurable: true, writable: true });
  }
  return error;
}
