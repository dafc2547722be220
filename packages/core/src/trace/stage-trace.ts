import type { Placement } from '../errors/placement-errors.js';
import type { SerializedError } from '../errors/serialized-error.js';
import type { SensitivityLabel } from '../labels/sensitivity-label.js';
import type { StageParams } from '../stage-params.js';

/** Known backends; any other string is allowed so new runtimes need no core change. */
export type Backend =
  | 'wasm'
  | 'webgpu'
  | 'webnn'
  | 'tfjs-webgpu'
  | 'tfjs-wasm'
  | 'tfjs-cpu'
  | 'remote'
  | 'js'
  | (string & {});

/** One stage execution (one attempt: a fallback produces a second trace with `fallbackFrom`). */
export interface StageTrace {
  stage: string;
  placement: Placement;
  backend: Backend;
  modelId?: string;
  modelVersion?: string;
  cacheHit?: boolean;
  loadMs?: number;
  compileMs?: number;
  runMs: number;
  bytesIn: number;
  bytesSentOffDevice: number;
  estimatedCostUsd?: number;
  /** A remote attempt's HTTP attempts (retries included), from its transport's report. */
  attempts?: number;
  /** The remote replayed a stored answer instead of running the request again. */
  replayed?: boolean;
  /** A remote attempt's transport (`channel`: a message on the session's WebSocket; `http`: a request). */
  transport?: 'channel' | 'http';
  /** Why the attempt went over HTTP although a session channel was open (from the transport's report). */
  transportFallback?: string;
  /** Set on a fallback attempt: the placement that failed before this one. */
  fallbackFrom?: Placement;
  /** Epoch milliseconds. */
  startedAt: number;
  endedAt: number;
  error?: SerializedError;
  /** Label of the stage's input and output (added beyond the contract). */
  inputLabel?: SensitivityLabel;
  outputLabel?: SensitivityLabel;
  /** Partial outputs the stage streamed before finishing. */
  partials?: number;
  /** Id of the placement decision that led to this attempt. */
  decisionId?: string;
  /** The run's parameters for this stage (validated short primitives, never the data). */
  params?: StageParams;
  /** The router deferred this attempt: it waited in the transport's queue (startedAt → endedAt). */
  deferred?: boolean;
  /** In a streamed run (`tandem.stream`): the segment (0, 1, …) this attempt worked on. */
  segment?: number;
  /** In a streamed run: the source chunk (0, 1, …) a segmenting stage consumed in this attempt. */
  chunk?: number;
}
