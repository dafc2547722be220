/**
 * The two on-device stages of continuous speech, for `segmented(…)` and `tandem.stream`: an
 * endpoint stage that turns audio chunks into live utterances (a boundary detector, usually the
 * Silero one in a worker, behind core's live segmenter) and a transcribe stage that decodes each
 * as it arrives. Put the redactor after them and only sanitized text can leave the device.
 */
import {
  defineSegmentingStage,
  defineStage,
  liveSegmenterRunner,
  type BoundaryDetector,
  type SegmentingStage,
  type Stage,
} from '@tandem/core';
import { ASR_SAMPLE_RATE, type AsrEngine } from '../asr-engine.js';
import { liveTranscriber, type LiveUtterance } from './live-transcriber.js';

export interface LiveSpeechStagesOptions<Open, Close> {
  /**
   * Says where utterances open and close, in 16 kHz stream samples: a worker pool runner over
   * `@tandem/runtime-onnx`'s `createSileroBoundaryStage` (Silero once per frame, in a worker).
   */
  boundaries: BoundaryDetector<Float32Array, Open, Close>;
  /**
   * Samples of past audio kept for an utterance's pre-roll (`speechBoundaryHistory(endpointer)`
   * from `@tandem/runtime-onnx` for the Silero detector). Default: 1 s.
   */
  history?: number;
  /**
   * Audio an utterance may hold that the recogniser has not taken yet before the source waits
   * (a file is read no faster than it is decoded). Default: 10 s.
   */
  maxBacklogSeconds?: number;
  asr: AsrEngine;
  /** Stage names in the trace. Defaults: `vad` and `transcribe`. */
  names?: { endpoint?: string; transcribe?: string };
  /** For the placement axes and the trace. */
  vadModel?: { id: string; bytes?: number };
  asrModelBytes?: number;
}

export interface LiveSpeechStages<Open, Close> {
  /** Audio chunks (`raw`) in, live utterances (`raw`) out, one per utterance, when it opens. */
  endpoint: SegmentingStage<Float32Array, LiveUtterance<Open, Close>, 'raw'>;
  /** A live utterance in, its words (`personal`: a transcript names people) out; partials as it goes. */
  transcribe: Stage<LiveUtterance<Open, Close>, string, 'personal', string>;
  /**
   * Sees each utterance the moment the endpoint stage opens it, in stream order (its `closed`
   * resolves at the cut): what a UI needs to show the cut before the transcript is final.
   */
  onUtterance(listener: (utterance: LiveUtterance<Open, Close>, stream: string) => void): () => void;
}

export function liveSpeechStages<Open, Close>(options: LiveSpeechStagesOptions<Open, Close>): LiveSpeechStages<Open, Close> {
  const history = options.history ?? ASR_SAMPLE_RATE;
  const segmenter = liveSegmenterRunner(options.boundaries, {
    history,
    highWaterMark: Math.round((options.maxBacklogSeconds ?? 10) * ASR_SAMPLE_RATE),
  });
  const listeners = new Set<(utterance: LiveUtterance<Open, Close>, stream: string) => void>();
  const runner: typeof segmenter = {
    async run(step, context) {
      const result = await segmenter.run(step, context);
      for (const utterance of result.output) for (const listener of listeners) listener(utterance, step.stream);
      return result;
    },
  };
  const endpoint = defineSegmentingStage<Float32Array, LiveUtterance<Open, Close>, 'raw'>({
    name: options.names?.endpoint ?? 'vad',
    outputLabel: 'raw',
    live: true,
    local: {
      runner,
      ...(options.vadModel === undefined ? {} : { modelId: options.vadModel.id }),
      ...(options.vadModel?.bytes === undefined ? {} : { modelBytes: options.vadModel.bytes }),
    },
  });
  const transcribe = defineStage<LiveUtterance<Open, Close>, string, 'personal', string>({
    name: options.names?.transcribe ?? 'transcribe',
    outputLabel: 'personal',
    local: {
      runner: liveTranscriber<Open, Close>(options.asr),
      modelId: options.asr.info.modelId,
      ...(options.asrModelBytes === undefined ? {} : { modelBytes: options.asrModelBytes }),
    },
  });
  return {
    endpoint,
    transcribe,
    onUtterance(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
