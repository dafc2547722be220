/**
 * Silero VAD (v5/v6 ONNX) as a local stage: 16 kHz mono audio in, speech spans and per-frame
 * probabilities out. v5 and v6 look at the last 64 samples of the previous frame before each
 * 512-sample frame (input length 576) and carry a [2, 1, 128] recurrent state between frames.
 */
import type { RunReport } from '@tandem/core';
import {
  chooseBackend,
  deviceFingerprint,
  probeCapabilities,
  type BackendChoice,
  type LocalStageDefinition,
  type LocalStageInstance,
} from '@tandem/worker';
import { openStageModel, type LoadedModel, type ModelRef, type StageModelSource } from '@tandem/core';
import { createOnnxRegistry, type OnnxBackend, type OnnxEngineOptions, type OnnxModel, type OnnxSession } from './onnx-engine.js';
import { createSileroFrameRunner, SILERO_FRAME, SILERO_SAMPLE_RATE } from './silero-frames.js';
import { segmentSpeech, type SpeechSegmenterOptions, type SpeechSpan } from './speech-segmenter.js';

export { SILERO_CONTEXT, SILERO_FRAME, SILERO_SAMPLE_RATE } from './silero-frames.js';

/**
 * The stage config: plain data, cloned into the worker and keyed by its JSON (one stage instance
 * per distinct config). It names the weights (`manifest`); the bytes come from the definition's
 * `source` (`createSileroVadStage`), which checks them against that manifest.
 */
export interface SileroVadConfig {
  /** The weights: a manifest URL or a manifest (`ModelRef`), e.g. `/models/silero-vad/manifest.json`. */
  manifest?: ModelRef;
  /** The manifest's file holding the ONNX graph; default: its only file. */
  file?: string;
  /** Reported model id and version; default: the manifest's. */
  modelId?: string;
  modelVersion?: string;
  /** A fixed backend, or 'auto' for the measured choice. Default 'auto'. */
  backend?: OnnxBackend | 'auto';
  /** With 'auto': measure again even when a choice is stored for this device. */
  remeasure?: boolean;
  /** With 'auto': largest probability difference to WASM still trusted. Default 1e-2. */
  tolerance?: number;
  engine?: OnnxEngineOptions;
}

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

const TRIAL_RUNS = 5;

async function openForConfig(config: SileroVadConfig, model: OnnxModel): Promise<{ session: OnnxSession; choice?: BackendChoice }> {
  const registry = createOnnxRegistry(config.engine);
  const backend = config.backend ?? 'auto';
  if (backend !== 'auto') return { session: (await registry.open(model, { backends: [backend] })).session };
  const capabilities = await probeCapabilities();
  const candidates = registry.candidates(capabilities);
  const audio = warmupAudio();
  const choice = await chooseBackend({
    modelId: model.id,
    modelVersion: model.version,
    fingerprint: deviceFingerprint(capabilities),
    candidates,
    tolerance: config.tolerance ?? 1e-2,
    ...(config.remeasure !== undefined && { remeasure: config.remeasure }),
    async trial(name) {
      const { session } = await registry.open(model, { backends: [name] });
      try {
        const timesMs: number[] = [];
        let output: ArrayLike<number> = new Float32Array(0);
        for (let r = 0; r < TRIAL_RUNS; r++) {
          const started = performance.now();
          output = await sileroProbabilities(session, audio);
          timesMs.push(performance.now() - started);
        }
        return { loadMs: session.loadMs, timesMs, output };
      } finally {
        await session.release();
      }
    },
  });
  const opened = await registry.open(model, { backends: [choice.backend] });
  return { session: opened.session, choice };
}

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
  const { source } = options;
  return {
    async create(config, context) {
      return createSileroVad(config, source, context.signal);
    },
  };
}

/** Silero opened from a stage's model source: the session, the backend choice and the weights' lease. */
export interface SourcedSilero {
  session: OnnxSession;
  choice?: BackendChoice;
  /** The checked weights; release when the session is disposed. */
  model: LoadedModel;
  /** The config's id and version win over the manifest's (backend choices are remembered per version). */
  id: string;
  version: string;
}

/**
 * Loads `config.manifest` from the source (checked, cached) and opens it on the configured or
 * measured backend. The VAD stage and the streaming endpointer stage both open Silero this way,
 * so neither has a loader of its own.
 */
export async function openSileroFromSource<C extends SileroVadConfig>(
  what: string,
  config: C,
  source: StageModelSource<C>,
  signal: AbortSignal,
): Promise<SourcedSilero> {
  const named = (weights: LoadedModel) => ({ id: config.modelId ?? weights.manifest.id, version: config.modelVersion ?? weights.manifest.version });
  const { model, opened } = await openStageModel(what, source, config, signal, (weights) =>
    openForConfig(config, { bytes: new Uint8Array(weights.buffer(config.file)), ...named(weights) }),
  );
  return { ...opened, model, ...named(model) };
}

async function createSileroVad<C extends SileroVadConfig>(config: C, source: StageModelSource<C>, signal: AbortSignal): Promise<LocalStageInstance<VadInput, VadOutput>> {
  const started = performance.now();
  const { session, choice, model: loaded, id, version } = await openSileroFromSource('Silero VAD config', config, source, signal);
  const base = { backend: session.backend, modelId: id, modelVersion: version, cacheHit: loaded.networkBytes === 0 };
  const loadReport: VadRunReport = {
    ...base, runMs: 0, loadMs: performance.now() - started, compileMs: session.loadMs, frames: 0, cpuNodes: session.cpuNodes,
    ...(choice && { backendChoice: choice }),
  };
  return {
    loadReport,
    async run({ audio, segmenter }, context) {
      const runStarted = performance.now();
      const probabilities = await sileroProbabilities(session, audio, context.signal);
      const spans = segmentSpeech(probabilities, audio.length, { ...segmenter, sampleRate: SILERO_SAMPLE_RATE, frameSamples: SILERO_FRAME });
      const report: VadRunReport = {
        ...base, runMs: performance.now() - runStarted, frames: probabilities.length, cpuNodes: session.cpuNodes,
        ...(choice && { backendChoice: choice }),
      };
      return { output: { spans, probabilities }, report, transfer: [probabilities.buffer] };
    },
    async dispose() {
      await session.release();
      loaded.release();
    },
  };
}
