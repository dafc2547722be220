/**
 * The worker of the streaming-VAD page: the Silero endpointer stage with its weights from this
 * origin's model store (checked against `/models/silero-vad/manifest.json`, cached in IndexedDB),
 * as an app would load them.
 */
import { createSileroBoundaryStage, createSileroEndpointerStage, type SileroEndpointerConfig } from '@tandem/runtime-onnx';
import { createModelStore } from '@tandem/model-store';
import { exposeStages } from '@tandem/worker';

export type StreamVadConfig = SileroEndpointerConfig;

const source = createModelStore({ name: 'tandem-stream-vad' });
const endpointer = createSileroEndpointerStage<StreamVadConfig>({ source });
/** The same Silero endpointer as a boundary detector, for live utterances (`live` in main.ts). */
const boundaries = createSileroBoundaryStage<StreamVadConfig>({ source });

exposeStages({ endpointer, boundaries });
