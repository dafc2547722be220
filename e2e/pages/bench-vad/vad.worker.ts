/** Tandem's side: the Silero VAD stage behind the worker host, its weights from the model store. */
import { createModelStore } from '@tandem/model-store';
import { createSileroVadStage } from '@tandem/runtime-onnx';
import { exposeStages } from '@tandem/worker';

exposeStages({ vad: createSileroVadStage({ source: createModelStore({ name: 'tandem-bench-vad' }) }) });
