/** What the smoke page's worker offers over comlink. */
export type SmokeBackend = 'wasm' | 'webgpu';

export interface SmokeRunRequest {
  modelUrl: string;
  backend: SmokeBackend;
  /** Frames of 512 samples at 16 kHz, run in order with the recurrent state carried over. */
  frames: Float32Array[];
}

export interface SmokeRunResult {
  probabilities: number[];
  backend: SmokeBackend;
  threads: number;
  crossOriginIsolated: boolean;
}

export interface SmokeWorkerApi {
  run(request: SmokeRunRequest): Promise<SmokeRunResult>;
}
