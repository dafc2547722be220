/**
 * The streaming Silero endpointer as a boundary detector: instead of handing over each utterance
 * at its cut (silero-endpointer.ts), it says when an utterance is sure to be kept (`open`, with its
 * pre-roll's stream position) and when it ended (`close`), and returns no audio: the page already
 * holds it. Core's `liveSegmenterRunner` turns these into live segments, so a recogniser starts
 * at the onset and has only the end of its search left at the cut.
 */
import type { SegmentBoundary, Segmenter, SegmenterStep } from '@tandem/core';
import { Endpointer, endpointerOptions, type EndpointerOptions, type Utterance } from './endpointer.js';
import type { OnnxSession } from './onnx-engine.js';
import { defineSileroSegmenterStage, type SileroEndpointerConfig, type SileroEndpointerStageOptions } from './silero-endpointer.js';
import { createSileroStream, framesIn, type SileroFrames, type SileroStream } from './silero-stream.js';
import type { LocalStageDefinition } from '@tandem/worker';

/** What is known when an utterance opens. Stream positions in samples. */
export interface SpeechOpen {
  /** First speech frame (the pre-roll lies between the segment's start and here). */
  onsetSample: number;
  speechStartMs: number;
}

/** What is known at the cut: the utterance as `Endpointer` cuts it, without its audio. */
export type SpeechClose = Omit<Utterance, 'audio'> & {
  /** Samples heard when the cut was decided: `decidedAtSample − speechEnd` is the silence waited for. */
  decidedAtSample: number;
};

export type SpeechBoundary = SegmentBoundary<SpeechOpen, SpeechClose>;

/** One stream's detector: its own Silero state and endpointer over a shared session. */
export class SileroBoundarySegmenter implements Segmenter<Float32Array, SpeechBoundary> {
  readonly #vad: SileroStream;
  readonly #endpointer: Endpointer;
  /** Stream sample where the utterance announced by the last `open` begins, or -1. */
  #announced = -1;
  #heard = 0;

  constructor(session: OnnxSession, options: Partial<EndpointerOptions> = {}) {
    this.#vad = createSileroStream(session);
    this.#endpointer = new Endpointer(options);
  }

  /** The endpointer's settings in force (defaults filled in): the page sizes its history from them. */
  get options(): EndpointerOptions {
    return this.#endpointer.options;
  }

  async push(chunk: Float32Array, signal?: AbortSignal): Promise<SpeechBoundary[]> {
    this.#heard += chunk.length;
    return this.#judge(await this.#vad.push(chunk, signal));
  }

  async flush(signal?: AbortSignal): Promise<SpeechBoundary[]> {
    const out = this.#judge(await this.#vad.flush(signal));
    const open = this.#endpointer.flush();
    if (open !== undefined) this.#close(open, out);
    return out;
  }

  get framesRun(): number {
    return this.#vad.framesRun;
  }

  get framesHeard(): number {
    return framesIn(this.#vad.samplesHeard);
  }

  #judge({ frames, probabilities }: SileroFrames): SpeechBoundary[] {
    const out: SpeechBoundary[] = [];
    frames.forEach((frame, i) => {
      const cut = this.#endpointer.frame(frame, probabilities[i]!);
      if (cut !== undefined) this.#close(cut, out);
      const confirmed = this.#endpointer.confirmed;
      if (confirmed !== undefined && this.#announced < 0) {
        this.#announced = confirmed.startSample;
        out.push({ type: 'open', start: confirmed.startSample, meta: { onsetSample: confirmed.onsetSample, speechStartMs: confirmed.speechStartMs } });
      }
    });
    return out;
  }

  /**
   * Closes the announced utterance. One cut in the very frame that would have confirmed it (an end
   * silence of one frame) is opened here first, so every close has its open.
   */
  #close(cut: Utterance, out: SpeechBoundary[]): void {
    if (this.#announced < 0) {
      const onsetSample = cut.startSample + cut.onsetSample;
      out.push({ type: 'open', start: cut.startSample, meta: { onsetSample, speechStartMs: cut.speechStartMs } });
    }
    this.#announced = -1;
    const { audio: _audio, ...facts } = cut;
    out.push({ type: 'close', end: cut.endSample, meta: { ...facts, decidedAtSample: this.#heard } });
  }
}

/**
 * The boundary stage definition, for a worker (`exposeStages`): the page wraps its runner with
 * core's `liveSegmenterRunner` (history ≥ the pre-roll plus `minSpeechMs`, see
 * `speechBoundaryHistory`).
 */
export function createSileroBoundaryStage<C extends SileroEndpointerConfig = SileroEndpointerConfig>(
  options: SileroEndpointerStageOptions<C>,
): LocalStageDefinition<C, SegmenterStep<Float32Array>, readonly SpeechBoundary[]> {
  return defineSileroSegmenterStage(options, (session, config) => new SileroBoundarySegmenter(session, config.endpointer));
}

/**
 * Samples of history a page must keep for these endpointer settings. An open's start lies up to
 * the pre-roll before the onset, and the open comes once `minSpeechMs` of speech was heard; a dip
 * under the thresholds shorter than `endSilenceMs` right after the onset delays that by up to
 * `endSilenceMs`. Plus two frames of slack for frames that straddle chunks.
 */
export function speechBoundaryHistory(options: Partial<EndpointerOptions> = {}): number {
  const o = endpointerOptions(options);
  return Math.ceil(((o.preRollMs + o.endSilenceMs + o.minSpeechMs) / 1000) * o.sampleRate) + 2 * o.frameSamples;
}
