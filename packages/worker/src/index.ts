export { createWorkerPool, type WorkerPool, type WorkerPoolOptions, type ModelHealth, type LocalRunReport, type LocalStageRunner, type WorkerStageAddress } from './worker-pool.js';
export { createInPageRunner, type InPageStageOptions } from './in-page-runner.js';
export { placeableStage, placeStageRunner, type PlaceableStage, type StagePlace } from './stage-place.js';
export { exposeStages, createStageWorkerApi } from './worker-entry.js';
export type { LocalStageDefinition, LocalStageInstance, StageContext, StageResult, StageDefinitions } from './local-stage.js';
export type { StageWorkerApi, WorkerRequest, WorkerResponse, LoadRequest, RunRequest, StageAddress } from './protocol.js';
export { runWithDeadline, DEFAULT_TIMEOUT_MS, type DeadlineOptions, type CancelReason } from './deadline.js';
export { collectTransferables } from './transferables.js';
export { probeCapabilities, probeWebGpu, deviceFingerprint, type ProbeOptions, type WebGpuProbe } from './capabilities.js';
export { createBackendRegistry, type BackendRegistry, type BackendProvider, type OpenOptions, type Opened } from './backend-registry.js';
export {
  chooseBackend,
  choiceKey,
  indexedDbChoiceStore,
  type BackendChoice,
  type BackendMeasurement,
  type ChoiceStore,
  type ChooseBackendOptions,
  type TrialResult,
  timeRuns,
} from './backend-choice.js';
