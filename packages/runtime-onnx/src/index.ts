export {
  createOnnxRegistry,
  ONNX_EXECUTION_PROVIDERS,
  ort,
  type OnnxBackend,
  type OnnxEngineOptions,
  type OnnxModel,
  type OnnxRegistry,
  type OnnxSession,
} from './onnx-engine.js';
export {
  onnxStage,
  type OnnxInfer,
  type OnnxPrePost,
  type OnnxRunReport,
  type OnnxStage,
  type OnnxStageOptions,
} from './onnx-stage.js';
export { openOnnxFromSource, openOnnxSession, type OnnxStageConfig, type OnnxTrial, type SourcedOnnx } from './onnx-open.js';
export { checkFeeds, flattenOutputs, syntheticFeeds, type OnnxFeeds, type OnnxOutputs } from './onnx-feeds.js';
export {
  createSileroVadStage,
  sileroProbabilities,
  warmupAudio,
  SILERO_CONTEXT,
  SILERO_FRAME,
  SILERO_SAMPLE_RATE,
  type SileroVadConfig,
  type SileroVadStageOptions,
  type VadInput,
  type VadOutput,
  type VadRunReport,
} from './silero-vad.js';
export { segmentSpeech, segmenterOptions, type SpeechSegmenterOptions, type SpeechSpan } from './speech-segmenter.js';
export { Endpointer, endpointerOptions, type EndpointerOptions, type Utterance, type UtteranceEnd } from './endpointer.js';
export { createSileroStream, framesIn, type SileroFrames, type SileroStream } from './silero-stream.js';
export { createSileroFrameRunner, type SileroFrameRunner } from './silero-frames.js';
export {
  SileroSegmenter,
  createSileroEndpointerStage,
  type EndpointerRunReport,
  type OpenedSileroSession,
  type SileroEndpointerConfig,
  type SileroEndpointerStageOptions,
  defineSileroSegmenterStage,
} from './silero-endpointer.js';
export {
  SileroBoundarySegmenter,
  createSileroBoundaryStage,
  speechBoundaryHistory,
  type SpeechBoundary,
  type SpeechClose,
  type SpeechOpen,
} from './silero-boundaries.js';
