/**
 * @tandem/speech — on-device speech: the streaming `AsrEngine` contract, PocketSphinx compiled to
 * WebAssembly in a worker, the audio front end (microphone, files, resampling to 16 kHz; all
 * labelled `raw`), and word error rate for tests and benchmarks.
 */
export {
  ASR_SAMPLE_RATE,
  transcribe,
  type AsrEngine,
  type AsrEngineInfo,
  type AsrEvent,
  type AsrListener,
  type AsrPartial,
  type AsrResult,
  type AsrWord,
} from './asr-engine.js';
export {
  createPocketSphinxEngine,
  type PocketSphinxEngine,
  type PocketSphinxEngineOptions,
} from './pocketsphinx/engine.js';
export { exposePocketSphinxWorker, type PocketSphinxWorkerOptions } from './pocketsphinx/worker.js';
export {
  createPocketSphinxDecoder,
  parseSegments,
  EN_US_LAYOUT,
  type PocketSphinxDecoder,
  type PocketSphinxDecoderOptions,
  type PocketSphinxModelLayout,
} from './pocketsphinx/decoder.js';
export { instantiatePocketSphinx, type PocketSphinxModule, type PocketSphinxRuntime } from './pocketsphinx/emscripten-module.js';
export type { PocketSphinxLoaded, PocketSphinxLoadRequest, PocketSphinxWorkerApi } from './pocketsphinx/protocol.js';
export { floatToInt16, int16ToFloat, downmixToMono } from './audio/pcm.js';
export { resample, resampleTo16k, createStreamResampler, type StreamResampler } from './audio/resample.js';
export { decodeAudioFile } from './audio/decode-file.js';
export { startMicrophone, type MicrophoneCapture, type MicrophoneOptions } from './audio/microphone.js';
export { openMicrophoneStream, type MicrophoneStream, type MicrophoneStreamOptions } from './audio/microphone-stream.js';
export {
  wordErrorRate,
  corpusWordErrorRate,
  wordErrors,
  normaliseWords,
  type WordErrorCounts,
  type WordErrorRate,
} from './word-error-rate.js';
export { liveTranscriber, type LiveUtterance, type LiveTranscribeReport } from './live/live-transcriber.js';
export { liveSpeechStages, type LiveSpeechStages, type LiveSpeechStagesOptions } from './live/live-speech-stages.js';
export { listen, type ListenEvent, type ListenOptions, type ListenSummary } from './live/listen.js';
export { audioChunks } from './live/audio-chunks.js';
export { createUtteranceFeeder, type UtteranceFeeder, type UtteranceResult, type VadEvent } from './utterance-feeder.js';
