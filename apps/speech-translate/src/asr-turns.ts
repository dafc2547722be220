/**
 * One PocketSphinx decoder, two users: the live preview of a microphone (every capture chunk fed
 * as it arrives, so partial words show while the person speaks) and the `transcribe` stage (the
 * cut clip of an utterance, whose transcript is redacted, traced and translated). PocketSphinx
 * decodes one stream at a time, so both take turns through one queue: neither ever sees the
 * other's audio, and the stage waits at most for the preview chunks already queued — never more
 * than `MAX_PREVIEW_BACKLOG_S` of audio: on a device too slow to decode live, the preview drops
 * chunks (it is only a preview) rather than delay the transcript that matters.
 *
 * When a clip comes, preview chunks still waiting in the queue are skipped: the preview of the
 * utterance just cut has done its job (its card takes over), and decoding them first made the
 * stage wait ~370 ms at p50 (bench `utterance-latency`). A faster path, taking the clip's words
 * from the live decode by their timings, was tried and dropped: the live stream's transcripts
 * were clearly worse ("she got three apples at the market" → "she got three at all said the
 * market") than a decode of the cut clip.
 */
import type { StageRunner } from '@tandem/core';
import { transcribe as transcribeClip, type AsrEngine } from '@tandem/speech';

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
  /** Preview samples not decoded: the decoder was behind (over the 2 s cap), or a clip came first. */
  readonly droppedSamples: number;
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
  /** Bumped by each clip: preview chunks queued before it are skipped, not decoded. */
  let generation = 0;
  const live: LiveTranscript = {
    onPartial: undefined,
    get droppedSamples() {
      return dropped;
    },
    feed(pcm) {
      if (backlog + pcm.length > MAX_PREVIEW_BACKLOG_S * SAMPLE_RATE) {
        dropped += pcm.length;
        return;
      }
      backlog += pcm.length;
      const copy = pcm.slice(); // feed() transfers the buffer; the caller keeps its chunk
      const queuedIn = generation;
      void enqueue(async () => {
        try {
          if (queuedIn !== generation) {
            dropped += copy.length;
            return;
          }
          if (!liveOpen) {
            await asr.start();
            liveOpen = true;
          }
          await asr.feed(copy);
        } finally {
          backlog -= pcm.length;
        }
      }).catch(() => undefined); // a lost preview chunk is not worth surfacing
    },
    reset() {
      void enqueue(async () => {
        if (!liveOpen) return;
        liveOpen = false;
        await asr.end();
      }).catch(() => undefined);
    },
  };
  asr.subscribe((event) => {
    if (liveOpen && event.type === 'partial') live.onPartial?.(event.partial.text);
  });

  const transcribe: StageRunner<Float32Array, string, string> = {
    run(audio, options = {}) {
      generation++;
      return enqueue(async () => {
        if (liveOpen) {
          // The stage's clip goes first: an open preview utterance ends here, and the next
          // capture chunk opens a new one.
          liveOpen = false;
          await asr.end().catch(() => undefined);
        }
        const unsubscribe = asr.subscribe((event) => {
          if (event.type === 'partial') options.onPartial?.(event.partial.text);
        });
        const started = performance.now();
        try {
          const result = await transcribeClip(asr, audio, FEED_SECONDS);
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
