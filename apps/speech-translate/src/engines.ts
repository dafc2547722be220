/**
 * The on-device engines behind the app's stages: Silero in a worker from @tandem/worker's pool
 * (the live endpointer: once per 32 ms frame as audio arrives), PocketSphinx in its own worker
 * from @tandem/speech (one decode per utterance, from its onset). Both read their weights from the
 * IndexedDB model store, which the page filled first (see model-download.ts).
 */
import type { SegmenterStep } from '@tandem/core';
import { speechBoundaryHistory, type SileroEndpointerConfig, type SpeechBoundary, type SpeechClose, type SpeechOpen } from '@tandem/runtime-onnx';
import { createPocketSphinxEngine, liveSpeechStages, type LiveSpeechStages, type PocketSphinxEngine } from '@tandem/speech';
import { createWorkerPool } from '@tandem/worker';
import { MODEL_BUNDLES, manifestHref } from './model-bundles.ts';
import { ortEngineFor } from './ort-wasm-files.ts';

export interface Engines {
  speech: LiveSpeechStages<SpeechOpen, SpeechClose>;
  asr: PocketSphinxEngine;
}

export async function startEngines(base: string): Promise<Engines> {
  const pool = createWorkerPool({
    createWorker: (model) => new Worker(new URL('./workers/vad.worker.ts', import.meta.url), { type: 'module', name: model }),
  });
  // WASM: Silero is tiny and per-frame, where GPU dispatch costs more than it saves. The plain
  // wasm binary, not the WebGPU-capable one (ort-wasm-files.ts). One thread: a 32 ms frame is too
  // small to split across threads, and on a 2-core device the recogniser needs the other core to
  // keep up with the microphone (not measured apart from load: see the issue 12 note).
  const config: SileroEndpointerConfig = { manifest: manifestHref(MODEL_BUNDLES.vad, base), backend: 'wasm', engine: { ...ortEngineFor('wasm'), numThreads: 1 } };
  const boundaries = pool.runner<SegmenterStep<Float32Array>, readonly SpeechBoundary[]>({ model: 'silero-vad', stage: 'boundaries', config });
  const asr = await createPocketSphinxEngine({
    worker: new Worker(new URL('./workers/asr.worker.ts', import.meta.url), { type: 'module', name: 'asr' }),
    runtimeManifestUrl: manifestHref(MODEL_BUNDLES.asrRuntime, base),
    modelManifestUrl: manifestHref(MODEL_BUNDLES.asrModel, base),
  });

  // Open the Silero session (ORT, threads) while the page settles, so the first input is not slow.
  void boundaries
    .run({ stream: 'warm-up', chunk: new Float32Array(8_000) }, { timeoutMs: 120_000 })
    .then(() => boundaries.run({ stream: 'warm-up', end: 'discard' }))
    .catch(() => undefined);

  const speech = liveSpeechStages<SpeechOpen, SpeechClose>({
    boundaries,
    history: speechBoundaryHistory(config.endpointer),
    asr,
    vadModel: { id: 'silero-vad', bytes: 2_300_000 },
    asrModelBytes: 37_000_000,
  });
  return { speech, asr };
}
