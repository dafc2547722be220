/**
 * One PocketSphinx decoder, two users: the live preview of a microphone (every capture chunk fed
 * as it arrives, so partial words show while the person speaks) and the `transcribe` stage (the
 * cut clip of an utterance, whose transcript is redacted, traced and translated). PocketSphinx
 * decodes one stream at a time, so both take turns through one queue: neither ever sees the
 * other's audio, and the stage waits at most for the preview chunks already queued — never more
 * than `MAX_PREVIEW_BACKLOG_S` of audio: on a device too slow to decode live, the preview drops
 * chunks (it is only a preview) rather than delay the transcript that matters.
 *
 * The live decode is not thrown away: when a cut clip is exactly a stretch of a live utterance
 * the decoder heard in full, the stage answers from that utterance's result (its words that fall
 * inside the clip, by their timings) instead of decoding the same audio a second time. Decoding
 * the clip again was half of the time from the end of an utterance to its translation (bench
 * `utterance-latency`: ~530 ms of ~1,100 ms at p50).
 */
import type { StageRunner } from '@tandem/core';
import type { AsrEngine, AsrResult } from '@tandem/speech';

/** The stage feeds a clip in pieces this long, so its partial transcripts stream in too. */
const FEED_SECONDS = 0.25;
const SAMPLE_RATE = 16_000;
/** Preview audio allowed to wait for the decoder; more is dropped. */
const MAX_PREVIEW_BACKLOG_S = 2;

/**
 * What the person is saying while the microphone is live. Only a preview: when the VAD cuts the
 * utterance, the `transcribe` stage decodes exactly the cut clip for the transcript.
 */
export interface LiveTranscript {
  /** Feeds 16 kHz capture audio (copied), opening a live utterance if none is open. */
  feed(pcm: Float32Array): void;
  /** Closes the live utterance; audio fed after this opens a new one. */
  reset(): void;
  /** Sees each changed partial of the live utterance (the worker throttles them). */
  onPartial: ((text: string) => void) | undefined;
  /** Samples dropped because the decoder was behind (a device too slow for live preview). */
  readonly droppedSamples: number;
}

/** A live utterance the decoder closed: all the audio it heard, and what it made of it. */
interface HeardUtterance {
  audio: Float32Array;
  /** False when preview chunks were dropped or failed: then it did not hear all of `audio`. */
  complete: boolean;
  result: Promise<AsrResult | undefined>;
}

/** Live utterances kept for a cut clip to claim; clips are cut right after their utterance ends. */
const HEARD_KEPT = 3;
/** Clips shorter than this are decoded on their own (their words are a sliver of the live result). */
const MIN_CLAIM_SECONDS = 0.3;

/** Where `clip` sits inside `audio` sample for sample, or -1. */
export function offsetOf(audio: Float32Array, clip: Float32Array): number {
  if (clip.length === 0 || clip.length > audio.length) return -1;
  const first = clip[0]!;
  outer: for (let o = 0; o + clip.length <= audio.length; o++) {
    if (audio[o] !== first) continue;
    for (let i = 1; i < clip.length; i++) if (audio[o + i] !== clip[i]) continue outer;
    return o;
  }
  return -1;
}

/**
 * The words of a live result that belong to the stretch [from, to) seconds of its audio: a word
 * counts where its middle falls, so a word is never in two clips.
 */
export function wordsWithin(result: AsrResult, from: number, to: number): string {
  return result.words
    .filter((w) => {
      const middle = (w.start + w.end) / 2;
      return middle >= from && middle < to;
    })
    .map((w) => w.word)
    .join(' ');
}

export interface AsrTurns {
  live: LiveTranscript;
  transcribe: StageRunner<Float32Array, string, string>;
}

export function createAsrTurns(asr: AsrEngine): AsrTurns {
  let queue: Promise<unknown> = Promise.resolve();
  const enqueue = <T>(step: () => Promise<T>): Promise<T> => {
    const job = queue.then(step);
    queue = job.catch(() => undefined);
    return job;
  };
  let liveOpen = false;
  let backlog = 0;
  let dropped = 0;
  /** The audio of the open live utterance, in the order fed, and whether all of it was decoded. */
  let heardChunks: Float32Array[] = [];
  let heardComplete = true;
  const heard: HeardUtterance[] = [];
  const closeLive = (): HeardUtterance => {
    const closing: HeardUtterance = { audio: concat(heardChunks), complete: heardComplete, result: Promise.resolve(undefined) };
    heardChunks = [];
    heardComplete = true;
    closing.result = enqueue(async () => {
      if (!liveOpen) return undefined;
      liveOpen = false;
      return asr.end();
    }).catch(() => undefined);
    heard.push(closing);
    if (heard.length > HEARD_KEPT) heard.shift();
    return closing;
  };
  const live: LiveTranscript = {
    onPartial: undefined,
    get droppedSamples() {
      return dropped;
    },
    feed(pcm) {
      if (backlog + pcm.length > MAX_PREVIEW_BACKLOG_S * SAMPLE_RATE) {
        dropped += pcm.length;
        heardComplete = false;
        return;
      }
      backlog += pcm.length;
      const copy = pcm.slice(); // feed() transfers the buffer; the caller keeps its chunk
      heardChunks.push(pcm.slice());
      void enqueue(async () => {
        try {
          if (!liveOpen) {
            await asr.start();
            liveOpen = true;
          }
          await asr.feed(copy);
        } catch (error) {
          heardComplete = false;
          throw error;
        } finally {
          backlog -= pcm.length;
        }
      }).catch(() => undefined); // a lost preview chunk is not worth surfacing
    },
    reset() {
      if (heardChunks.length > 0 || liveOpen) closeLive();
    },
  };
  asr.subscribe((event) => {
    if (liveOpen && event.type === 'partial') live.onPartial?.(event.partial.text);
  });

  /**
   * The live utterance that heard all of `audio`, and where in it, if there is one. Synchronous,
   * so a clip that cannot be claimed is queued in the order `run` was called.
   */
  function claim(audio: Float32Array): { heard: HeardUtterance; offset: number } | undefined {
    if (audio.length < MIN_CLAIM_SECONDS * SAMPLE_RATE) return undefined;
    for (let k = heard.length - 1; k >= 0; k--) {
      const h = heard[k]!;
      const offset = h.complete ? offsetOf(h.audio, audio) : -1;
      if (offset >= 0) return { heard: h, offset };
    }
    return undefined;
  }

  async function fromLive(audio: Float32Array, claimed: { heard: HeardUtterance; offset: number }, started: number) {
    const result = await claimed.heard.result;
    // No timings (or no result): the words cannot be placed in the clip, so it is decoded.
    if (!result || (result.words.length === 0 && result.text.trim() !== '')) return undefined;
    const from = claimed.offset / SAMPLE_RATE;
    return {
      output: wordsWithin(result, from, from + audio.length / SAMPLE_RATE),
      report: {
        // The trace row says where the words came from; runMs is the wait for that decode.
        backend: `${asr.info.backend} · live decode`,
        runMs: performance.now() - started,
        modelId: asr.info.modelId,
        modelVersion: asr.info.modelVersion,
      },
    };
  }

  const transcribe: StageRunner<Float32Array, string, string> = {
    async run(audio, options = {}) {
      const claimed = claim(audio);
      if (claimed) {
        const answer = await fromLive(audio, claimed, performance.now());
        if (answer) return answer;
      }
      return enqueue(async () => {
        if (liveOpen) {
          // The stage's clip goes first: an open preview utterance ends here, and the next
          // capture chunk opens a new one.
          liveOpen = false;
          // Its audio is split across two decoder utterances now: no clip may claim it.
          heardComplete = false;
          await asr.end().catch(() => undefined);
        }
        const unsubscribe = asr.subscribe((event) => {
          if (event.type === 'partial') options.onPartial?.(event.partial.text);
        });
        const started = performance.now();
        try {
          await asr.start();
          const step = Math.round(FEED_SECONDS * SAMPLE_RATE);
          const fed: Promise<void>[] = [];
          // Copies: feed() transfers each chunk's buffer to the worker.
          for (let i = 0; i < audio.length; i += step) fed.push(asr.feed(audio.slice(i, i + step)));
          await Promise.all(fed);
          const result = await asr.end();
          return {
            output: result.text,
            report: {
              backend: asr.info.backend,
              runMs: performance.now() - started,
              modelId: asr.info.modelId,
              modelVersion: asr.info.modelVersion,
            },
          };
        } finally {
          unsubscribe();
        }
      });
    },
  };
  return { live, transcribe };
}

function concat(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
