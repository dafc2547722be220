/** What the ORT-session benchmark page's worker measures and reports (see ort-session.bench.ts). */
export type SessionBackend = 'wasm' | 'webgpu';

/** Timings of one `fetch model → InferenceSession.create → session.run` cycle, in ms. */
export interface SessionPhase {
  /** Fetching the model bytes (`fetch` + `arrayBuffer`). */
  fetchMs: number;
  /** `InferenceSession.create` from those bytes (the first one also initialises the runtime). */
  createMs: number;
  /** fetchMs + createMs: what a caller waits before it can run the model. */
  totalMs: number;
  /** The first `session.run` on the new session. */
  firstRunMs: number;
  /** Median of the next `steadyRuns` runs. */
  steadyRunMs: number;
  /** Bytes the worker's resource timing saw transferred during the phase (model + runtime files). */
  transferBytes: number;
}

export interface ColdWarmRequest {
  modelUrl: string;
  backend: SessionBackend;
  steadyRuns: number;
}

export interface ColdWarmResult {
  /** The first session in this worker: runtime fetched, compiled and started, model fetched. */
  cold: SessionPhase;
  /** A second session right after, in the same worker: runtime ready, model from the HTTP cache. */
  warm: SessionPhase;
  threads: number;
  crossOriginIsolated: boolean;
}

export interface OrtSessionWorkerApi {
  coldThenWarm(request: ColdWarmRequest): Promise<ColdWarmResult>;
}
