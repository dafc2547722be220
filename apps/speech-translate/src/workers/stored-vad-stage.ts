import { createModelStore } from '@tandem/model-store';
import {
  createOnnxRegistry,
  segmentSpeech,
  sileroProbabilities,
  SILERO_FRAME,
  SILERO_SAMPLE_RATE,
  type VadInput,
  type VadOutput,
} from '@tandem/runtime-onnx';
import { probeCapabilities, type LocalStageDefinition } from '@tandem/worker';
import { MODEL_STORE_NAME } from '../model-bundles.ts';

export interface StoredVadConfig {
  /** Absolute URL of the Silero manifest the page stored. */
  manifestUrl: string;
}

/**
 * Silero VAD with its weights from the model store. runtime-onnx's `sileroVadStage` fetches a
 * URL itself; the app keeps weights in IndexedDB (offline after one visit), so this stage opens
 * the stored bytes and reuses runtime-onnx's registry, frame loop and segmenter unchanged.
 */
export const storedVadStage: LocalStageDefinition<StoredVadConfig, VadInput, VadOutput> = {
  async create(config, { signal }) {
    const started = performance.now();
    const store = createModelStore({ name: MODEL_STORE_NAME });
    const { model } = await store.open(config.manifestUrl, { signal });
    const registry = createOnnxRegistry();
    // WASM first: Silero is tiny and per-frame, where GPU dispatch costs more than it saves.
    const capabilities = await probeCapabilities();
    const backends = registry.candidates(capabilities).sort((a) => (a === 'wasm' ? -1 : 1));
    const { session } = await registry.open({ bytes: new Uint8Array(model.buffer()), id: model.manifest.id, version: model.manifest.version }, { backends });
    const base = { backend: session.backend, modelId: model.manifest.id, modelVersion: model.manifest.version, cacheHit: model.networkBytes === 0 };
    return {
      loadReport: { ...base, runMs: 0, loadMs: performance.now() - started, compileMs: session.loadMs },
      async run({ audio, segmenter }, context) {
        const runStarted = performance.now();
        const probabilities = await sileroProbabilities(session, audio, context.signal);
        const spans = segmentSpeech(probabilities, audio.length, { ...segmenter, sampleRate: SILERO_SAMPLE_RATE, frameSamples: SILERO_FRAME });
        return { output: { spans, probabilities }, report: { ...base, runMs: performance.now() - runStarted }, transfer: [probabilities.buffer] };
      },
      dispose: () => session.release(),
    };
  },
};
