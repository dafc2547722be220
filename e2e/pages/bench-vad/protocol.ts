/** What the raw-ORT worker of the VAD benchmark offers over comlink. */
export type BenchBackend = 'wasm' | 'webgpu';

export interface RawVadApi {
  /** Creates the session with exactly this provider and the given thread count. */
  open(modelUrl: string, backend: BenchBackend, numThreads: number): Promise<void>;
  /** Runs every 512-sample frame of `audio` through session.run; returns ms measured in the worker. */
  run(audio: Float32Array): Promise<{ ms: number; probabilities: Float32Array }>;
}
