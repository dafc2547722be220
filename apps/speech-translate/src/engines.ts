/**
 * The on-device engines behind the app's stages: Silero VAD in a worker from @tandem/worker's
 * pool, PocketSphinx in its own worker from @tandem/speech. Both read their weights from the
 * IndexedDB model store, which the page filled first (see model-download.ts).
 */
import type { StageRunner } from '@tandem/core';
import type { SileroVadConfig, VadInput, VadOutput } from '@tandem/runtime-onnx';
import { createPocketSphinxEngine, type PocketSphinxEngine } from '@tandem/speech';
import { createWorkerPool } from '@tandem/worker';
import { createAsrTurns, type LiveTranscript } from './asr-turns.ts';
import { MODEL_BUNDLES, manifestHref } from './model-bundles.ts';
import { ortEngineFor } from './ort-wasm-files.ts';

export type { LiveTranscript } from './asr-turns.ts';

const SAMPLE_RATE = 16_000;

export interface Engines {
  vad: StageRunner<VadInput, VadOutput>;
  transcribe: StageRunner<Float32Array, string, string>;
  live: LiveTranscript;
  asr: PocketSphinxEngine;
}

export async function startEngines(base: string): Promise<Engines> {
  const pool = createWorkerPool({
    createWorker: (model) => new Worker(new URL('./workers/vad.worker.ts', import.meta.url), { type: 'module', name: model }),
  });
  // WASM: Silero is tiny and per-frame, where GPU dispatch costs more than it saves.
  // The plain wasm binary, not the WebGPU-capable one (ort-wasm-files.ts).
  const vadConfig: SileroVadConfig = { manifest: manifestHref(MODEL_BUNDLES.vad, base), backend: 'wasm', engine: ortEngineFor('wasm') };
  const vad = pool.runner<VadInput, VadOutput>({ model: 'silero-vad', stage: 'vad', config: vadConfig });
  const asr = await createPocketSphinxEngine({
    worker: new Worker(new URL('./workers/asr.worker.ts', import.meta.url), { type: 'module', name: 'asr' }),
    runtimeManifestUrl: manifestHref(MODEL_BUNDLES.asrRuntime, base),
    modelManifestUrl: manifestHref(MODEL_BUNDLES.asrModel, base),
  });

  // Warm the VAD (ORT session, threads) while the page settles, so the first input is not slow.
  void vad.run({ audio: new Float32Array(SAMPLE_RATE / 2) }, { timeoutMs: 120_000 }).catch(() => undefined);

  // One utterance at a time: the live preview and the transcribe stage take turns on the decoder.
  const { live, transcribe } = createAsrTurns(asr);
  return { vad, transcribe, live, asr };
}
