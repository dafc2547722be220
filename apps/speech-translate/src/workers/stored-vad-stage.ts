import { createModelStore } from '@tandem/model-store';
import { createSileroVadStage, type SileroVadConfig, type VadInput, type VadOutput } from '@tandem/runtime-onnx';
import type { LocalStageDefinition } from '@tandem/worker';
import { MODEL_STORE_NAME } from '../model-bundles.ts';

export interface StoredVadConfig extends SileroVadConfig {
  /** Absolute URL of the Silero manifest the page stored. */
  manifestUrl: string;
}

/**
 * runtime-onnx's Silero VAD stage with its weights from the IndexedDB model store the page
 * filled (offline after one visit): the store's loaded model is the stage's source as it is, and
 * its lease ends when the stage is disposed.
 */
const fromStore = createSileroVadStage<StoredVadConfig>({
  source: ({ manifestUrl }) => {
    const store = createModelStore({ name: MODEL_STORE_NAME });
    return async (signal) => (await store.open(manifestUrl, { signal })).model;
  },
});

/** WASM unless the config says otherwise: Silero is tiny and per-frame, where GPU dispatch costs more than it saves. */
export const storedVadStage: LocalStageDefinition<StoredVadConfig, VadInput, VadOutput> = {
  create: (config, context) => fromStore.create({ backend: 'wasm', ...config }, context),
};
