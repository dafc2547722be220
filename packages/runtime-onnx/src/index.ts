export {
  createOnnxRegistry,
  fetchModelBytes,
  ONNX_EXECUTION_PROVIDERS,
  ort,
  type OnnxBackend,
  type OnnxEngineOptions,
  type OnnxModel,
  type OnnxRegistry,
  type OnnxSession,
} from './onnx-engine.js';
export {
  sileroVadStage,
  sileroProbabilities,
  warmupAudio,
  SILERO_CONTEXT,
  SILERO_FRAME,
  SILERO_SAMPLE_RATE,
  type SileroVadConfig,
  type VadInput,
  type VadOutput,
  type VadRunReport,
} from './silero-vad.js';
export { segmentSpeech, segmenterOptions, type SpeechSegmenterOptions, type SpeechSpan } from './speech-segmenter.js';
