/** Tandem's side: the Silero VAD stage behind the worker host. */
import { sileroVadStage } from '@tandem/runtime-onnx';
import { exposeStages } from '@tandem/worker';

exposeStages({ vad: sileroVadStage });
