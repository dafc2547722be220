/** The module worker for ONNX models (and the probe stages): one instance per model key. */
import { sileroVadStage } from '@tandem/runtime-onnx';
import { exposeStages } from '@tandem/worker';
import { capabilitiesStage, echoStage, misbehaveStage } from './probe-stages.ts';
import { sourcedVadStage } from './sourced-vad.ts';

exposeStages({ vad: sileroVadStage, sourcedVad: sourcedVadStage, echo: echoStage, misbehave: misbehaveStage, capabilities: capabilitiesStage });
