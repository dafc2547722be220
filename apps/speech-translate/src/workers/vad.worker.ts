import { createModelStore } from '@tandem/model-store';
import { createSileroBoundaryStage } from '@tandem/runtime-onnx';
import { exposeStages } from '@tandem/worker';
import { MODEL_STORE_NAME } from '../model-bundles.ts';

// Silero as the live endpointer (utterances open at their onset, close at the cut), with its
// weights from the IndexedDB model store the page filled (offline after one visit).
exposeStages({ boundaries: createSileroBoundaryStage({ source: createModelStore({ name: MODEL_STORE_NAME }) }) });
