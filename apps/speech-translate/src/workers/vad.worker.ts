import { createModelStore } from '@tandem/model-store';
import { createSileroVadStage } from '@tandem/runtime-onnx';
import { exposeStages } from '@tandem/worker';
import { MODEL_STORE_NAME } from '../model-bundles.ts';

// Silero VAD with its weights from the IndexedDB model store the page filled (offline after one visit).
exposeStages({ vad: createSileroVadStage({ source: createModelStore({ name: MODEL_STORE_NAME }) }) });
