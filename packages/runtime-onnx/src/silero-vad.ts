/**
 * Silero VAD (v5/v6 ONNX) as a local stage: 16 kHz mono audio in, speech spans and per-frame
 * probabilities out. v5 and v6 look at the last 64 samples of the previous frame before each
 * 512-sample frame (input length 576) and carry a [2, 1, 128] recurrent state between frames.
 */
import type { RunReport, StageModelSource } from '@tandem/core';
import type { BackendChoice, LocalStageDefinition } from '@tandem/worker';
import type { OnnxSession } from './onnx-engine.js';
import { openOnnxFromSource, type OnnxStageConfig, type SourcedOnnx } from './onnx-open.js';
import { onnxStage } from './onnx-stage.js';
import { createSileroFrameRunner, SILERO_FRAME, SILERO_SAMPLE_RATE } from './silero-frames.js';
import { segmentSpeech, type SpeechSegmenterOptions, type SpeechSpan } from './speech-segmenter.js';

export { SILERO_CONTEXT, SILERO_FRAME, SILERO_SAMPLE_RATE } from './silero-frames.js';

/**
 * The stage config: plain data, cloned into the worker and keyed by its JSON (one stage instance
 * per distinct config). It names the weights (`manifest`, e.g. `/models/silero-vad/manifest.json`);
 * the bytes come from the definition's `source` (`createSileroVadStage`), which checks them
 * against that manifest. `backend` defaults to 'auto' (the measured choice); with 'auto',
 * `tolerance` (default 1e-2) is the largest probability difference to WASM still trusted.
 */
export type SileroVadConfig = OnnxStageConfig;

export interface VadInput {
  /** 16 kHz mono samples in [-1, 1]. */
  audio: Float32Array;
  segmenter?: Partial<SpeechSegmenterOptions>;
}

export interface VadOutput {
  spans: SpeechSpan[];
  /** One speech probability per 512-sample (32 ms) frame. */
  probabilities: Float32Array;
}

export interface VadRunReport extends RunReport {
  frames: number;
  /** ORT reported nodes kept on its CPU provider inside a GPU session. */
  cpuNodes: boolean;
  /** Present when the backend was chosen by measurement ('auto'). */
  backendChoice?: BackendChoice;
}

/** Runs frames through one ORT session, carrying Silero's state and context across frames. */
export async function sileroProbabilities(
  session: OnnxSession,
  audio: Float32Array,
  signal?: AbortSignal,
): Promise<Float32Array> {
  const frames = Math.ceil(audio.length / SILERO_FRAME);
  const probabilities = new Float32Array(frames);
  const runner = createSileroFrameRunner(session);
  for (let f = 0; f < frames; f++) {
    if (signal?.aborted) throw signal.reason;
    probabilities[f] = await runner.run(audio.subarray(f * SILERO_FRAME, (f + 1) * SILERO_FRAME));
  }
  return probabilities;
}

/**
 * 1 s of a voiced-speech-like signal (a 140 Hz glottal pulse train through two formants, with
 * syllable-rate amplitude modulation) after silence: deterministic, so every backend's trial
 * sees the same input and their probabilities can be compared.
 */
export function warmupAudio(): Float32Array {
  const audio = new Float32Array(SILERO_SAMPLE_RATE);
  for (let i = 8_000 - 4_000; i < audio.length; i++) {
    const t = i / SILERO_SAMPLE_RATE;
    const syllable = 0.5 - 0.5 * Math.cos(2 * Math.PI * 4 * t);
    let v = 0;
    for (let h = 1; h <= 20; h++) {
      const f = 140 * h;
      const formant = Math.exp(-(((f - 700) / 150) ** 2)) + 0.6 * Math.exp(-(((f - 1200) / 200) ** 2)) + 0.05;
      v += (formant / h) * Math.sin(2 * Math.PI * f * t);
    }
    audio[i] = 0.3 * syllable * v;
  }
  return audio;
}

/** Silero's backend trial: the warm-up signal's probabilities, compared across backends. */
const sileroTrial = (session: OnnxSession) => sileroProbabilities(session, warmupAudio());

/** Probabilities of Silero agree across backends within this by default (they drift on GPUs). */
const SILERO_TOLERANCE = 1e-2;

export interface SileroVadStageOptions<C extends SileroVadConfig> {
  /**
   * Where the weights come from (`@tandem/core`'s `ModelSource`), run where the stage runs (in
   * the worker): usually @tandem/model-store's `createModelStore()` opened there, so the bytes
   * are checked against the manifest and cached in IndexedDB. A function picks a source per
   * config (a store name, bytes in hand through `createMemoryModelSource`).
   */
  source: StageModelSource<C>;
}

/**
 * The Silero VAD stage with its weights from `options.source`; register the result in a worker
 * (`exposeStages`) or hand it to `createInPageRunner`. `C` may extend the config with what the
 * source needs (a store name); it must stay plain, cloneable data.
 */
export function createSileroVadStage<C extends SileroVadConfig = SileroVadConfig>(
  options: SileroVadStageOptions<C>,
): LocalStageDefinition<C, VadInput, VadOutput> {
  return onnxStage<VadInput, VadOutput, 'raw', C>({
    name: 'Silero VAD',
    outputLabel: 'raw',
    source: options.source,
    sample: () => ({ audio: warmupAudio() }),
    tolerance: SILERO_TOLERANCE,
    async infer(session, { audio, segmenter }, signal) {
      const probabilities = await sileroProbabilities(session, audio, signal);
      const spans = segmentSpeech(probabilities, audio.length, { ...segmenter, sampleRate: SILERO_SAMPLE_RATE, frameSamples: SILERO_FRAME });
      return { spans, probabilities };
    },
    fingerprint: (output) => output.probabilities,
    report: (output) => ({ frames: output.probabilities.length }),
    transfer: (output) => [output.probabilities.buffer],
  });
}

/** Silero opened from a stage's model source: the session, the backend choice and the weights' lease. */
export type SourcedSilero = SourcedOnnx;

/**
 * Loads `config.manifest` from the source (checked, cached) and opens it on the configured or
 * measured backend, as `onnxStage` does. The streaming endpointer stage opens Silero this way.
 */
export function openSileroFromSource<C extends SileroVadConfig>(
  what: string,
  config: C,
  source: StageModelSource<C>,
  signal: AbortSignal,
): Promise<SourcedSilero> {
  return openOnnxFromSource(what, config, source, signal, sileroTrial, SILERO_TOLERANCE);
}
