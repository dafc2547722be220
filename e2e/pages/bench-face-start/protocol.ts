import type { FaceDetectorConfig } from '@tandem/runtime-tfjs';

/** What one start of the face detector stage reports back to the benchmark (structured-clone safe). */
export interface FaceStartReport {
  /** From asking the worker pool for the stage to its load report: worker start, TF.js and its backend started, weights through the store, model built. */
  readyMs: number;
  /** From asking the pool to the worker's module evaluated: worker created, its module graph (TF.js among it) fetched, parsed and run. */
  workerScriptMs: number;
  /** The model store's `load` in the worker: fetch + SHA-256 + IndexedDB writes (cold), or IndexedDB read + block re-hash (warm). */
  storeMs: number;
  /** TF.js building the model from the checked bytes (the stage's `compileMs`). */
  buildMs: number;
  /** Bytes the model store fetched (0: served from IndexedDB). */
  networkBytes: number;
  cacheHit: boolean;
  /** What TF.js says ran (`tfjs-wasm`, …). */
  backend: string;
  /** The first detection on the fixture photo, after the stage was ready. */
  firstDetectionMs: number;
  faces: number;
}

export interface FaceStartApi {
  start(manifest: FaceDetectorConfig['manifest'], backend: Exclude<NonNullable<FaceDetectorConfig['backend']>, 'auto'>, image: string): Promise<FaceStartReport>;
}

/** What the worker timed itself (the `timings` stage). */
export interface WorkerTimings {
  /** When the worker's module finished evaluating, epoch ms (`performance.timeOrigin + performance.now()`). */
  evaluatedAt: number;
  /** Each `ModelSource.load` of the worker's store, ms. */
  storeLoadsMs: number[];
}
