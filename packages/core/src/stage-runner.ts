import type { StageParams } from './stage-params.js';
import type { RunReport } from './trace/run-report.js';

export interface RunOptions<P = unknown> {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Called with each partial output of a streaming stage (e.g. interim transcripts). */
  onPartial?: (partial: P) => void;
  /** This run's validated parameters for the stage, when it declares a schema. */
  params?: StageParams;
}

/** The same interface whether the work runs in the page, in a worker or in a function. */
export interface StageRunner<I, O, P = unknown> {
  run(input: I, options?: RunOptions<P>): Promise<{ output: O; report: RunReport }>;
}
