import type { RunReport } from './trace/run-report.js';

export interface RunOptions<P = unknown> {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Called with each partial output of a streaming stage (e.g. interim transcripts). */
  onPartial?: (partial: P) => void;
}

/** The same interface whether the work runs in the page, in a worker or in a function. */
export interface StageRunner<I, O, P = unknown> {
  run(input: I, options?: RunOptions<P>): Promise<{ output: O; report: RunReport }>;
}
