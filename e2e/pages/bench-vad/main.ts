/**
 * Benchmark 1 (issue 10): a Tandem VAD stage call (page → worker host → Silero stage → back,
 * timed in the page around `runner.run`) vs raw onnxruntime-web `session.run` over the same
 * frames (timed inside a plain worker), same model, same backend, same thread count.
 */
import * as Comlink from 'comlink';
import type { VadInput, VadOutput } from '@tandem/runtime-onnx';
import { createWorkerPool, type LocalStageRunner } from '@tandem/worker';
import type { BenchBackend, RawVadApi } from './protocol.ts';

const MODEL_URL = '/models/silero_vad_v5.onnx';
/** The same file as a model bundle: Tandem's stage loads it through the model store. */
const MODEL_MANIFEST = '/models/silero-vad/manifest.json';
/**
 * One WASM thread on both sides. With ORT's thread pools in two workers on two shared cores, the
 * pool that ran last keeps spinning and slows whichever side runs next, which measured as noise
 * (pair ratios 0.97–1.68× at equal medians); one thread each isolates what Tandem adds per call.
 */
const THREADS = 1;

/** 1 s of a voiced-like signal between quiet noise: 32 frames of 512 samples. */
function benchAudio(): Float32Array {
  const audio = new Float32Array(32 * 512);
  let seed = 7;
  for (let i = 0; i < audio.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    const t = i / 16000;
    const voiced = i > 4000 && i < 12000 ? 0.3 * Math.sin(2 * Math.PI * 140 * t) * (0.5 - 0.5 * Math.cos(2 * Math.PI * 4 * t)) : 0;
    audio[i] = voiced + (seed / 2 ** 32 - 0.5) * 0.004;
  }
  return audio;
}

const audio = benchAudio();
const pool = createWorkerPool({ createWorker: () => new Worker(new URL('./vad.worker.ts', import.meta.url), { type: 'module' }) });
let raw: Comlink.Remote<RawVadApi> | undefined;
let stage: LocalStageRunner<VadInput, VadOutput> | undefined;

const bench = {
  async setup(backend: BenchBackend) {
    raw = Comlink.wrap<RawVadApi>(new Worker(new URL('./raw.worker.ts', import.meta.url), { type: 'module' }));
    await raw.open(MODEL_URL, backend, THREADS);
    stage = pool.runner<VadInput, VadOutput>({ model: `silero-${backend}`, stage: 'vad', config: { manifest: MODEL_MANIFEST, backend, engine: { numThreads: THREADS } } });
    const loaded = await stage.load();
    // Same numbers from both sides, or the comparison would be of different work.
    const a = (await raw.run(audio.slice())).probabilities;
    const b = (await stage.run({ audio: audio.slice() })).output.probabilities;
    const maxDiff = Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i]!)));
    return { backend: loaded.backend, threads: THREADS, frames: a.length, maxDiff };
  },
  async raw(): Promise<number> {
    return (await raw!.run(audio.slice())).ms;
  },
  async stage(): Promise<number> {
    const input = { audio: audio.slice() };
    const started = performance.now();
    await stage!.run(input);
    return performance.now() - started;
  },
};

declare global {
  interface Window {
    benchVad: typeof bench;
  }
}

window.benchVad = bench;
document.getElementById('status')!.textContent = 'ready';
