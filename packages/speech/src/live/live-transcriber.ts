/**
 * The recogniser of a live utterance: it starts when the endpointer opens the utterance (at its
 * pre-roll) and decodes the audio as it arrives, so its partials are the live transcript and at the
 * cut only the end of the search is left. One decode per utterance, with the pre-roll and never the
 * idle audio before it: decoding seconds of idle audio first, or a noise-only utterance on the same
 * decoder, cost 6–8 points of WER in the experiment `e2e/bench/experiments/asr-decode-conditions.ts`.
 */
import type { LiveSegment, RunOptions, RunReport, StageRunner } from '@tandem/core';
import { ASR_SAMPLE_RATE, type AsrEngine } from '../asr-engine.js';

/** An utterance handed over when it opens: 16 kHz audio from its pre-roll on, closed at the cut. */
export type LiveUtterance<Open = unknown, Close = unknown> = LiveSegment<Float32Array, Open, Close>;

/** The transcribe stage's report: the decode's own numbers beside the stage's time. */
export interface LiveTranscribeReport extends RunReport {
  /** Seconds of audio decoded (pre-roll, speech, and the silence until the cut was decided). */
  audioSeconds: number;
  /** From the last audio of the utterance to the final hypothesis: what the cut waits for. */
  tailMs: number;
  /** What the engine says it spent decoding (inside its worker): the CPU share of `runMs`. */
  decodeMs: number;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The transcription was aborted.', 'AbortError');
}

/** Reads the next piece of content, or throws when `signal` aborts first. */
async function read(reader: ReadableStreamDefaultReader<Float32Array>, signal?: AbortSignal): Promise<ReadableStreamReadResult<Float32Array>> {
  if (signal === undefined) return reader.read();
  if (signal.aborted) throw abortReason(signal);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    reader.read().then(
      (r) => {
        signal.removeEventListener('abort', onAbort);
        resolve(r);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error || e instanceof DOMException ? e : new Error(String(e)));
      },
    );
  });
}

/**
 * A transcribe stage's runner over one engine. The engine decodes one utterance at a time; the
 * stream's stage gate already hands utterances to a stage in order, one at a time.
 */
export function liveTranscriber<Open = unknown, Close = unknown>(asr: AsrEngine): StageRunner<LiveUtterance<Open, Close>, string, string> {
  // Two streams at once (a file while the microphone listens) take turns: a decoder hears one utterance at a time.
  let turn: Promise<unknown> = Promise.resolve();
  return {
    run(utterance, options = {}) {
      const job = turn.then(() => decode(asr, utterance, options));
      turn = job.catch(() => undefined);
      return job;
    },
  };
}

/** Audio gathered before a feed: fewer, larger messages to the worker (partials come every 0.25 s anyway). */
const FEED_SAMPLES = ASR_SAMPLE_RATE / 10;
/** Audio posted to the engine and not yet decoded before reading waits: feeds are pipelined, not one round trip each. */
const MAX_IN_FLIGHT_SAMPLES = ASR_SAMPLE_RATE;

function concat(parts: Float32Array[], length: number): Float32Array {
  const out = new Float32Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

async function decode<Open, Close>(asr: AsrEngine, utterance: LiveUtterance<Open, Close>, options: RunOptions<string>): Promise<{ output: string; report: LiveTranscribeReport }> {
  const started = performance.now();
  const reader = utterance.content.getReader();
  const unsubscribe = asr.subscribe((event) => {
    if (event.type === 'partial') options.onPartial?.(event.partial.text);
  });
  let samples = 0;
  let open = false;
  /** Feeds posted and not yet done, oldest first, with their sizes. */
  const inFlight: { done: Promise<void>; samples: number }[] = [];
  let posted = 0;
  let gathered: Float32Array[] = [];
  let gatheredSamples = 0;
  const post = (): void => {
    if (gatheredSamples === 0) return;
    // A copy: feed() may transfer its buffer to the worker, and the segmenter's history still holds these.
    const pcm = concat(gathered, gatheredSamples);
    const size = gatheredSamples;
    gathered = [];
    gatheredSamples = 0;
    const done = asr.feed(pcm);
    done.catch(() => undefined);
    inFlight.push({ done, samples: size });
    posted += size;
  };
  /** Waits for the oldest feeds while more than MAX_IN_FLIGHT_SAMPLES are posted: backpressure to the segmenter. */
  const drain = async (limit: number): Promise<void> => {
    while (posted > limit) {
      const oldest = inFlight.shift()!;
      await oldest.done;
      posted -= oldest.samples;
    }
  };
  try {
    await asr.start();
    open = true;
    for (;;) {
      const next = await read(reader, options.signal);
      if (next.done) break;
      samples += next.value.length;
      gathered.push(next.value);
      gatheredSamples += next.value.length;
      if (gatheredSamples >= FEED_SAMPLES) post();
      await drain(MAX_IN_FLIGHT_SAMPLES);
    }
    const lastAudio = performance.now();
    post();
    await drain(0);
    open = false;
    const result = await asr.end();
    const finished = performance.now();
    return {
      output: result.text,
      report: {
        backend: asr.info.backend,
        runMs: finished - started,
        modelId: asr.info.modelId,
        modelVersion: asr.info.modelVersion,
        audioSeconds: samples / ASR_SAMPLE_RATE,
        tailMs: finished - lastAudio,
        decodeMs: result.processingMs,
      },
    };
  } catch (error) {
    // The segmenter must not wait for a reader that is gone, and the decoder must be free for the next utterance.
    void reader.cancel(error).catch(() => undefined);
    if (open) await asr.end().catch(() => undefined);
    throw error;
  } finally {
    unsubscribe();
    try {
      reader.releaseLock();
    } catch {
      // A read still pending after an abort: the cancel above ends it.
    }
  }
}
