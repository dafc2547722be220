/**
 * What a runtime, the worker host or a remote returns beside its output. The pipeline folds it
 * into the {@link StageTrace}; the runner knows these numbers, the pipeline does not.
 */
export interface RunReport {
  backend: string;
  loadMs?: number;
  compileMs?: number;
  runMs: number;
  modelId?: string;
  modelVersion?: string;
  cacheHit?: boolean;
  /** Bytes the remote actually received, when a transport knows better than the estimate. */
  bytesSent?: number;
  /** Cost the remote reported for this call, in US dollars. */
  costUsd?: number;
  /** HTTP attempts a remote call made (retries included; 0 when delivered from an offline queue). */
  attempts?: number;
  /** The remote answered from its idempotency store: a retry of a request it had already run. */
  replayed?: boolean;
  /** How a remote call went out: one message on a session channel, or an HTTP request. */
  transport?: 'channel' | 'http';
  /** Why a call that wanted the session channel went over HTTP (e.g. `upgrade-failed`, `channel-dropped`). */
  transportFallback?: string;
}
