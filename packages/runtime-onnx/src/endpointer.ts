/**
 * Cuts a live stream of 32 ms frames into utterances from one speech probability per frame, as
 * @ricky0123/vad-web's frame processor and sherpa-onnx's endpoint rules do: speech starts at the
 * first frame at or above `threshold` (with `preRollMs` of audio before it), ends once the frames
 * after the last speech stayed under `negThreshold` for `endSilenceMs` (a breath between words
 * does not cut), is forced to end at `maxUtteranceMs`, and is dropped when shorter than
 * `minSpeechMs` (a cough). It decides from each frame as it comes and never looks back at audio
 * it has already judged, so it runs once per frame however the audio is chunked.
 */
import { SILERO_FRAME, SILERO_SAMPLE_RATE } from './silero-frames.js';

export interface EndpointerOptions {
  /** Probability at or above which a frame is speech. Default 0.5 (Silero's own). */
  threshold: number;
  /** Probability under which a frame counts toward the end silence. Default threshold − 0.15. */
  negThreshold: number;
  /**
   * Audio kept before the first speech frame, so the recogniser hears the onset: Silero passes
   * `threshold` 0.23–0.38 s after a flite sentence's first audible sample. Default 500 ms.
   */
  preRollMs: number;
  /** Audio kept after the last speech frame. Default 200 ms. */
  postRollMs: number;
  /** Silence after the last speech that ends the utterance (vad-web's redemption). Default 700 ms. */
  endSilenceMs: number;
  /** Utterances whose speech (first speech frame to the silence) is shorter are dropped. Default 250 ms. */
  minSpeechMs: number;
  /** An utterance is cut here even while speech goes on. Default 15 s. */
  maxUtteranceMs: number;
  sampleRate: number;
  /** Samples per probability (Silero v5/v6 at 16 kHz: 512). */
  frameSamples: number;
}

export type UtteranceEnd = 'silence' | 'max-length' | 'end-of-stream';

/** One cut utterance. Sample positions count from the start of the stream. */
export interface Utterance {
  /** Pre-roll + speech + post-roll, 16 kHz mono. */
  audio: Float32Array;
  /** Stream position of `audio[0]` and one past its last sample. */
  startSample: number;
  endSample: number;
  startMs: number;
  endMs: number;
  /** Where the speech itself was heard (first speech frame to the start of the end silence). */
  speechStartMs: number;
  speechEndMs: number;
  /** Index in `audio` of the first speech frame: where the recogniser's onset is. */
  onsetSample: number;
  endedBy: UtteranceEnd;
}

export function endpointerOptions(overrides: Partial<EndpointerOptions> = {}): EndpointerOptions {
  const threshold = overrides.threshold ?? 0.5;
  return {
    threshold,
    negThreshold: overrides.negThreshold ?? Math.max(0.01, threshold - 0.15),
    preRollMs: overrides.preRollMs ?? 500,
    postRollMs: overrides.postRollMs ?? 200,
    endSilenceMs: overrides.endSilenceMs ?? 700,
    minSpeechMs: overrides.minSpeechMs ?? 250,
    maxUtteranceMs: overrides.maxUtteranceMs ?? 15_000,
    sampleRate: overrides.sampleRate ?? SILERO_SAMPLE_RATE,
    frameSamples: overrides.frameSamples ?? SILERO_FRAME,
  };
}

/** Frame counts derived from the options (vad-web's `calculateFrameParams`). */
function frameCounts(o: EndpointerOptions) {
  const frameMs = (o.frameSamples / o.sampleRate) * 1000;
  return {
    preRoll: Math.round(o.preRollMs / frameMs),
    postRoll: Math.round(o.postRollMs / frameMs),
    endSilence: Math.max(1, Math.round(o.endSilenceMs / frameMs)),
    minSpeech: Math.round(o.minSpeechMs / frameMs),
    max: Math.max(1, Math.floor(o.maxUtteranceMs / frameMs)),
  };
}

/**
 * The endpointer's state for one stream. Feed it every frame in order with its probability;
 * `frame` returns an utterance when this frame ended one. `flush` ends the stream.
 */
export class Endpointer {
  readonly options: EndpointerOptions;
  readonly #n: ReturnType<typeof frameCounts>;
  /** Frames held: the pre-roll while idle, the utterance so far while speaking. */
  #frames: Float32Array[] = [];
  /** Stream frame index of `#frames[0]`. */
  #firstFrame = 0;
  #next = 0;
  #speechStart = -1;
  /** First quiet frame after the last speech frame, or -1 while speech goes on. */
  #silenceFrom = -1;
  /** After a forced cut the next utterance has no pre-roll: that audio was already sent. */
  #noPreRollUntil = 0;

  constructor(options: Partial<EndpointerOptions> = {}) {
    this.options = endpointerOptions(options);
    this.#n = frameCounts(this.options);
  }

  /** True between a speech start and its end. */
  get speaking(): boolean {
    return this.#speechStart >= 0;
  }

  /**
   * The utterance being heard, once it is sure to be kept: its speech has lasted `minSpeechMs`
   * without the end silence beginning, so no later frame can drop it as a cough. Stream sample
   * positions: `startSample` where its audio begins (the pre-roll), `onsetSample` its first speech
   * frame. A recogniser can start here instead of at the cut.
   */
  get confirmed(): { startSample: number; onsetSample: number; speechStartMs: number } | undefined {
    const start = this.#speechStart;
    if (start < 0) return undefined;
    const spoken = (this.#silenceFrom >= 0 ? this.#silenceFrom : this.#next) - start;
    if (spoken < this.#n.minSpeech) return undefined;
    const f = this.options.frameSamples;
    return { startSample: this.#firstFrame * f, onsetSample: start * f, speechStartMs: ((start * f) / this.options.sampleRate) * 1000 };
  }

  frame(samples: Float32Array, probability: number): Utterance | undefined {
    const index = this.#next++;
    const o = this.options;
    if (this.#speechStart < 0) {
      this.#frames.push(samples);
      if (probability < o.threshold) {
        // Idle: keep only the pre-roll.
        const keep = Math.max(0, Math.min(this.#n.preRoll, index + 1 - this.#noPreRollUntil));
        while (this.#frames.length > keep) {
          this.#frames.shift();
          this.#firstFrame += 1;
        }
        if (this.#frames.length === 0) this.#firstFrame = index + 1;
        return undefined;
      }
      this.#speechStart = index;
      this.#silenceFrom = -1;
      // Frames before the pre-roll window (when no frames were dropped yet) go now.
      while (this.#frames.length > this.#n.preRoll + 1) {
        this.#frames.shift();
        this.#firstFrame += 1;
      }
      return this.#maxReached(index);
    }
    this.#frames.push(samples);
    if (probability >= o.threshold) this.#silenceFrom = -1;
    else if (probability < o.negThreshold && this.#silenceFrom < 0) this.#silenceFrom = index;
    if (this.#silenceFrom >= 0 && index + 1 - this.#silenceFrom >= this.#n.endSilence) {
      return this.#end(this.#silenceFrom, 'silence', index + 1);
    }
    return this.#maxReached(index);
  }

  /** The stream ended: the utterance still open (cut at its silence, if one had begun). */
  flush(): Utterance | undefined {
    if (this.#speechStart < 0) return undefined;
    const end = this.#silenceFrom >= 0 ? this.#silenceFrom : this.#next;
    return this.#end(end, 'end-of-stream', this.#next);
  }

  #maxReached(index: number): Utterance | undefined {
    if (index + 1 - this.#speechStart < this.#n.max) return undefined;
    const speechEnd = this.#silenceFrom >= 0 ? this.#silenceFrom : index + 1;
    this.#noPreRollUntil = index + 1;
    return this.#end(speechEnd, 'max-length', index + 1);
  }

  /**
   * Ends the open utterance at frame `speechEnd` (exclusive) plus the post-roll, keeps the
   * frames after it as the next pre-roll, and returns it unless its speech was too short.
   */
  #end(speechEnd: number, endedBy: UtteranceEnd, heard: number): Utterance | undefined {
    const o = this.options;
    const speechStart = this.#speechStart;
    const endFrame = Math.min(heard, speechEnd + this.#n.postRoll);
    const kept = this.#frames.slice(0, endFrame - this.#firstFrame);
    const startFrame = this.#firstFrame;
    // What follows the cut is idle audio again: the next pre-roll comes from it.
    this.#frames = this.#frames.slice(endFrame - this.#firstFrame);
    this.#firstFrame = endFrame;
    this.#speechStart = -1;
    this.#silenceFrom = -1;
    while (this.#frames.length > this.#n.preRoll) {
      this.#frames.shift();
      this.#firstFrame += 1;
    }
    if (speechEnd - speechStart < this.#n.minSpeech && endedBy !== 'max-length') return undefined;
    const audio = new Float32Array(kept.reduce((a, f) => a + f.length, 0));
    let at = 0;
    for (const f of kept) {
      audio.set(f, at);
      at += f.length;
    }
    const perMs = o.sampleRate / 1000;
    const startSample = startFrame * o.frameSamples;
    const endSample = startSample + audio.length;
    const speechEndSample = Math.min(endSample, speechEnd * o.frameSamples);
    return {
      audio,
      startSample,
      endSample,
      startMs: startSample / perMs,
      endMs: endSample / perMs,
      speechStartMs: (speechStart * o.frameSamples) / perMs,
      speechEndMs: speechEndSample / perMs,
      onsetSample: (speechStart - startFrame) * o.frameSamples,
      endedBy,
    };
  }
}
