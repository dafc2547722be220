/**
 * Bench page: starts runtime-tfjs's face detector stage in a worker, its weights through
 * @tandem/model-store, and times it until ready for a first detection, then runs that detection
 * on a fixture photo (so a start that cannot detect fails the sample). One start per page load:
 * the benchmark reloads between the cold and the warm start.
 */
import type { FaceDetectorInput, FaceDetectorOutput, FaceDetectorRunReport } from '@tandem/runtime-tfjs';
import { createWorkerPool, type LocalRunReport } from '@tandem/worker';
import { decodeImage } from '../runtime/decode-image.ts';
import { tfjsWasmPaths } from '../runtime/tfjs-wasm-paths.ts';
import type { FaceStartApi, FaceStartReport, WorkerTimings } from './protocol.ts';

declare global {
  interface Window {
    benchFaceStart: FaceStartApi;
  }
}

const pool = createWorkerPool({
  createWorker: (model) => new Worker(new URL('./face.worker.ts', import.meta.url), { type: 'module', name: model }),
});

window.benchFaceStart = {
  async start(manifest, backend, imageUrl): Promise<FaceStartReport> {
    const image = await decodeImage(imageUrl); // before the clock: not part of the start
    const started = performance.now();
    const startedAt = performance.timeOrigin + started;
    const runner = pool.runner<FaceDetectorInput, FaceDetectorOutput>({ model: 'tfjs:face', stage: 'faces', config: { manifest, backend, engine: { wasmPaths: tfjsWasmPaths } } });
    const load = (await runner.load({ timeoutMs: 120_000 })) as FaceDetectorRunReport & LocalRunReport;
    const readyMs = performance.now() - started;
    const first = await runner.run({ image }, { timeoutMs: 120_000 });
    // The same worker (pool key 'tfjs:face'): its own times; this start's store load is the only one.
    const { output: timings } = await pool.runner<undefined, WorkerTimings>({ model: 'tfjs:face', stage: 'timings' }).run(undefined);
    if (timings.storeLoadsMs.length !== 1) throw new Error(`expected one store load in the worker, saw ${timings.storeLoadsMs.length}`);
    return {
      readyMs,
      workerScriptMs: timings.evaluatedAt - startedAt,
      storeMs: timings.storeLoadsMs[0]!,
      buildMs: load.compileMs ?? Number.NaN,
      networkBytes: load.networkBytes,
      cacheHit: load.cacheHit === true,
      backend: load.backend,
      firstDetectionMs: first.report.runMs,
      faces: first.output.faces.length,
    };
  },
};
document.getElementById('status')!.textContent = 'ready';
