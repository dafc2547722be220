/**
 * @tandem/core — the contract every other Tandem package builds on: typed errors, sensitivity
 * labels, device capabilities, the stage runner, trace events; then stages, pipelines, the
 * placement router and the privacy boundary. It depends on no other workspace package.
 */
export const TANDEM_CORE_VERSION = '0.1.0';

export * from './errors/index.js';

export {
  type SensitivityLabel,
  type LeavableLabel,
  type SensitiveLabel,
  type MostSensitive,
  SENSITIVITY_LABELS,
  isSensitivityLabel,
  mayLeaveDevice,
  mostSensitive,
} from './labels/sensitivity-label.js';
export {
  type Labelled,
  type Raw,
  type Personal,
  type Public,
  type Sanitized,
  type Sensitive,
  type Leavable,
  type AnyLabelled,
  raw,
  personal,
  publicData,
  isLabelled,
  isTrustedLeavable,
} from './labels/labelled.js';
export { type Sanitizer, type SanitizerSpec, defineSanitizer } from './labels/sanitizer.js';

export { type DeviceCapabilities, baselineCapabilities } from './capabilities.js';
export { type RunOptions, type StageRunner } from './stage-runner.js';

export { type RunReport } from './trace/run-report.js';
export { type StageTrace, type Backend } from './trace/stage-trace.js';
export {
  TraceRecorder,
  StageTraceEvent,
  StagePartialEvent,
  type TraceExport,
} from './trace/trace-recorder.js';
