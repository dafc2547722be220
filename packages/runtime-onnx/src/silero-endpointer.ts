/**
 * The streaming Silero endpointer as a segmenting stage: audio chunks in, utterances out, Silero
 * run once per 32 ms frame as the audio arrives (silero-stream.ts) and the cut decided frame by
 * frame (endpointer.ts). Registered in a worker (`exposeStages`) or run in the page
 * (`createInPageRunner`); core's `tandem.stream` drives it through `defineSegmentingStage`.
 */
import { segmenterRunner, type RunReport, type Segmenter, type SegmenterStep, type StageModelSource } from '@tandem/core';
import type { LocalStageDefinition } from '@tandem/worker';
import { Endpointer, type EndpointerOptions, type Utterance } from './endpointer.js';
import type { OnnxSession } from './onnx-engine.js';
import { createSileroStream, framesIn, type SileroFrames, type SileroStream } from './silero-stream.js';
import { openSileroFromSource, type SileroVadConfig } from './silero-vad.js';

/** One stream's segmenter: its own Silero state and endpointer over a shared session. */
export class SileroSegmenter implements Segmenter<Float32Array, Utterance> {
  readonly #vad: SileroStream;
  readonly #endpointer: Endpointer;

  constructor(session: OnnxSession, options: Partial<EndpointerOptions> = {}) {
    this.#vad = createSileroStream(session);
    this.#endpointer = new Endpointer(options);
  }

  async push(chunk: Float32Array, signal?: AbortSignal): Promise<Utterance[]> {
    return this.#cut(await this.#vad.push(chunk, signal));
  }

  async flush(signal?: AbortSignal): Promise<Utterance[]> {
    const cut = this.#cut(await this.#vad.flush(signal));
    const open = this.#endpointer.flush();
    return open === undefined ? cut : [...cut, open];
  }

  /** Silero calls made for this stream so far. */
  get framesRun(): number {
    return this.#vad.framesRun;
  }

  /** 32 ms frames of audio heard so far (the last partial one included). */
  get framesHeard(): number {
    return framesIn(this.#vad.samplesHeard);
  }

  #cut({ frames, probabilities }: SileroFrames): Utterance[] {
    const out: Utterance[] = [];
    frames.forEach((frame, i) => {
      const utterance = this.#endpointer.frame(frame, probabilities[i]!);
      if (utterance !== undefined) out.push(utterance);
    });
    return out;
  }
}

/** What the stage reports per call, beside the backend: the stream's CPU numbers so far. */
export interface EndpointerRunReport extends RunReport {
  framesRun: number;
  framesHeard: number;
}

/**
 * Plain, cloneable config (keyed by its JSON in a worker): the weights and backend as for the VAD
 * stage (`manifest`, `backend`, …; used with `source`), and the endpointer's timings.
 */
export interface SileroEndpointerConfig extends SileroVadConfig {
  endpointer?: Partial<EndpointerOptions>;
}

export interface OpenedSileroSession {
  readonly session: OnnxSession;
  readonly modelId?: string;
  readonly modelVersion?: string;
  /** Called when the stage is disposed (e.g. a model-store lease). */
  readonly release?: () => void;
}

export type SileroEndpointerStageOptions<C extends SileroEndpointerConfig> =
  | {
      /**
       * Where the weights come from, as for `createSileroVadStage`: `config.manifest` loaded from
       * this `ModelSource` (checked against the manifest, cached) where the stage runs, and opened
       * on `config.backend` ('auto' = the measured choice).
       */
      source: StageModelSource<C>;
    }
  | {
      /**
       * Or a session opened by the caller (one already open, shared with another stage). The
       * weights' integrity is then the caller's: prefer `source`.
       */
      open(config: C, signal: AbortSignal): Promise<OpenedSileroSession>;
    };

async function openSession<C extends SileroEndpointerConfig>(options: SileroEndpointerStageOptions<C>, config: C, signal: AbortSignal): Promise<OpenedSileroSession> {
  if ('open' in options) return options.open(config, signal);
  const { session, model, id, version } = await openSileroFromSource('Silero endpointer config', config, options.source, signal);
  return { session, modelId: id, modelVersion: version, release: () => model.release() };
}

/** What a Silero segmenter reports beside its segments: the stream's CPU numbers so far. */
interface CountedSegmenter<S> extends Segmenter<Float32Array, S> {
  readonly framesRun: number;
  readonly framesHeard: number;
}

/**
 * A worker stage definition for a Silero segmenter: one session per config, opened through the
 * model source, and one segmenter (its own Silero state) per stream. Shared by the endpointer
 * (utterances at the cut) and the boundary detector (open/close for live segments).
 */
export function defineSileroSegmenterStage<C extends SileroEndpointerConfig, S>(
  options: SileroEndpointerStageOptions<C>,
  segmenter: (session: OnnxSession, config: C) => CountedSegmenter<S>,
): LocalStageDefinition<C, SegmenterStep<Float32Array>, readonly S[]> {
  return {
    async create(config, context) {
      const started = performance.now();
      const opened = await openSession(options, config, context.signal);
      const { session } = opened;
      const model = {
        ...(opened.modelId === undefined ? {} : { modelId: opened.modelId }),
        ...(opened.modelVersion === undefined ? {} : { modelVersion: opened.modelVersion }),
      };
      const runner = segmenterRunner(() => segmenter(session, config), {
        backend: session.backend,
        report: (s) => ({ ...model, framesRun: s.framesRun, framesHeard: s.framesHeard }),
      });
      return {
        loadReport: { backend: session.backend, runMs: 0, loadMs: performance.now() - started, compileMs: session.loadMs, ...model },
        run: (step, ctx) => runner.run(step, ctx),
        async dispose() {
          await session.release();
          opened.release?.();
        },
      };
    },
  };
}

/** The endpointer stage definition: utterances (with their audio) at each cut. */
export function createSileroEndpointerStage<C extends SileroEndpointerConfig = SileroEndpointerConfig>(
  options: SileroEndpointerStageOptions<C>,
): LocalStageDefinition<C, SegmenterStep<Float32Array>, readonly Utterance[]> {
  return defineSileroSegmenterStage(options, (session, config) => new SileroSegmenter(session, config.endpointer));
}
