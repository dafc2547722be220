/**
 * @tandem/core — the contract every other Tandem package builds on: typed errors, sensitivity
 * labels, device capabilities, the stage runner, trace events; then stages, pipelines, the
 * placement router and the privacy boundary. It depends on no other workspace package.
 */
export const TANDEM_CORE_VERSION = '0.2.0';

export * from './errors/index.js';

export {
  type SensitivityLabel,
  type LeavableLabel,
  type SensitiveLabel,
  type MostSensitive,
  type OutputLabelOf,
  SENSITIVITY_LABELS,
  isSensitivityLabel,
  mayLeaveDevice,
  mostSensitive,
  outputLabelOf,
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
export {
  type ParamsSchema,
  type ParamValue,
  type StageParams,
  type PipelineParams,
  MAX_PARAM_CHARS,
  validateRunParams,
} from './stage-params.js';

export { type RunReport } from './trace/run-report.js';
export { type StageTrace, type Backend } from './trace/stage-trace.js';
export {
  TraceRecorder,
  StageTraceEvent,
  StagePartialEvent,
  type TraceExport,
} from './trace/trace-recorder.js';
export { estimateBytes } from './trace/byte-size.js';
export { toOtelAttributes, toOtelSpans, type OtelSpan, type OtelAttributeValue } from './trace/otel.js';

export {
  type Stage,
  type StageKind,
  type StageSpec,
  type SanitizerStage,
  type RemoteOnlyStage,
  type RemoteOnlyStageSpec,
  type SanitizerStageSpec,
  type StageDescriptor,
  type LocalImplementation,
  type RemoteImplementation,
  type WithParams,
  defineStage,
  defineSanitizerStage,
} from './stage.js';
export { localStage, type LocalStageSpec } from './local-stage.js';

export {
  PLACEMENT_MODES,
  placementPolicySchema,
  parsePolicy,
  definePolicy,
  resolveStagePolicy,
  type PlacementMode,
  type PlacementPolicy,
  type PlacementPolicyInput,
  type ResidencyRule,
  type AxisWeights,
  type StagePolicyOverride,
  type StagePolicy,
} from './placement/policy.js';
export { type CircuitState, type PlacementSituation } from './placement/situation.js';
export {
  AXES,
  type Axis,
  type AxisScore,
  type DecisionRule,
  type Exclusion,
  type FallbackAttempt,
  type PlacementChoice,
  type PlacementDecision,
} from './placement/decision.js';
export { decidePlacement, type DecideOptions } from './placement/decide-placement.js';
export { scoreAxes } from './placement/axes.js';
export { explainDecision } from './placement/explain.js';
export { type AuditSink, RingBufferAuditLog, fanOutAuditSink } from './audit/audit-log.js';
export { type AuditEntry, type AuditStore, auditEntry, auditKey } from './audit/audit-store.js';

export {
  type RemoteTransport,
  type RemoteRequest,
  type RemoteResponse,
} from './boundary/remote-transport.js';
export {
  createPrivacyBoundary,
  type PrivacyBoundary,
  type PrivacyBoundaryOptions,
  type BoundarySendOptions,
  type RemoteStage,
  type BoundaryResult,
} from './boundary/privacy-boundary.js';

export { pipeline, type Pipeline, type PipelineStart, type NoParams } from './pipeline/pipeline.js';
export { withDeadline, type DeadlineOptions } from './pipeline/with-deadline.js';
export {
  createTandem,
  type Tandem,
  type TandemOptions,
  type PipelineRunOptions,
  type PipelineResult,
  type PipelineOutcome,
  type DeferredRun,
} from './pipeline/tandem.js';
export { streamingRunner, streamPipeline, type PipelineEvent } from './pipeline/streaming.js';
export {
  defineSegmentingStage,
  segmenterRunner,
  type SegmentingStage,
  type SegmentingStageSpec,
  type SegmenterStep,
  type Segmenter,
  type SegmenterRunnerOptions,
} from './pipeline/segmenting-stage.js';
export { segmented, type SegmentedPipeline } from './pipeline/segmented-pipeline.js';
export {
  liveSegmenter,
  liveSegmenterRunner,
  type BoundaryDetector,
  type LiveSegment,
  type LiveSegmenter,
  type LiveSegmenterOptions,
  type SegmentBoundary,
  type SegmentClose,
  type Sliceable,
} from './pipeline/live-segments.js';
export { type SegmentOutcome, type StreamRunOptions } from './pipeline/segment-stream.js';
export { type StreamSource } from './pipeline/stream-source.js';

export {
  parseManifest,
  manifestSize,
  modelKey,
  type ModelManifest,
  type ManifestFile,
  type ParseManifestOptions,
} from './models/model-manifest.js';
export {
  loadModel,
  openStageModel,
  type StageModelSource,
  type ModelSource,
  type ModelRef,
  type ModelLoadOptions,
  type ModelProgress,
  type LoadedModel,
  type OpenedModel,
  type Revalidation,
} from './models/model-source.js';
