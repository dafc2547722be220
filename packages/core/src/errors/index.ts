export { TandemError, isTandemError, type TandemErrorOptions } from './tandem-error.js';
export { type SerializedError, isSerializedError } from './serialized-error.js';
export { serializeError, deserializeError } from './error-codec.js';
export {
  PrivacyViolationError,
  isPrivacyViolationError,
  type PrivacyViolationDetails,
} from './privacy-violation-error.js';
export {
  PlacementError,
  isPlacementError,
  StageTimeoutError,
  isStageTimeoutError,
  StageAbortedError,
  isStageAbortedError,
  RemoteUnavailableError,
  isRemoteUnavailableError,
  type Placement,
  type PlacementAttempt,
  type PlacementErrorDetails,
  type StageTimeoutDetails,
  type StageAbortedDetails,
  type RemoteUnavailableDetails,
} from './placement-errors.js';
export {
  ModelIntegrityError,
  isModelIntegrityError,
  QuotaError,
  isQuotaError,
  ModelDownloadError,
  isModelDownloadError,
  type ModelIntegrityDetails,
  type QuotaDetails,
  type ModelDownloadDetails,
} from './model-errors.js';
export {
  WorkerCrashedError,
  isWorkerCrashedError,
  BackendUnavailableError,
  isBackendUnavailableError,
  ValidationError,
  isValidationError,
  type WorkerCrashedDetails,
  type BackendFailure,
  type BackendUnavailableDetails,
  type ValidationDetails,
} from './runtime-errors.js';
