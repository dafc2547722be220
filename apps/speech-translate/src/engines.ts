/**
 * The on-device engines behind the app's stages: Silero VAD in a worker from @tandem/worker's
 * pool, PocketSphinx in its own worker from @tandem/speech. Both read their weights from the
 * IndexedDB model store, which the page filled first (see model-download.ts).
 */
import type { StageRunner } from '@tandem/core';
import type { VadInput, VadOutput } from '@tandem/runtime-onnx';
import { createPocketSphinxEngine, type PocketSphinxEngine } from '@tandem/speech';
import { createWorkerPool } from '@tandem/worker';
import { MODEL_BUNDLES, manifestHref } from './model-bundles.ts';
import type { StoredVadConfig } from './workers/stored-vad-stage.ts';

/** Audio is fed to the recogniser in pieces this long, so partial transcripts stream in. */
const FEED_SECONDS = 0.25;
const SAMPLE_RATE = 16_000;

/**
 * What the person is saying while the microphone is live: capture chunks are fed to the
 * recogniser as they arrive, and its partial hypotheses (throttled in the worker to one per
 * 0.25 s of audio) go to `onPartial`. Only a preview: when the VAD cuts the utterance, the
 * `transcribe` stage decodes exactly the cut clip for the transcript, trace and redaction.
 */
export interface LiveTranscript {
  /** Feeds 16 kHz capture audio (copied), opening a live utterance if none is open. */
  feed(pcm: Float32Array): void;
  /** Closes the live utterance; audio fed after this opens a new one. */
  reset(): void;
  /** Sees each changed partial of the live utterance. */
  onPartial: ((text: string) => void) | undefined;
}

export interface Engines {
  vad: StageRunner<VadInput, VadOutput>;
  transcribe: StageRunner<Float32Array, string, string>;
  live: LiveTranscript;
  asr: PocketSphinxEngine;
}

export async function startEngines(base: string): Promise<Engines> {
  const pool = createWorkerPool({
    createWorker: (model) => new Worker(new URL('./workers/vad.worker.ts', import.meta.url), { type: 'module', name: model }),
  });
  const vadConfig: StoredVadConfig = { manifestUrl: manifestHref(MODEL_BUNDLES.vad, base) };
  const vad = pool.runner<VadInput, VadOutput>({ model: 'silero-vad', stage: 'vad', config: vadConfig });
  const asr = await createPocketSphinxEngine({
    worker: new Worker(new URL('./workers/asr.worker.ts', import.meta.url), { type: 'module', name: 'asr' }),
    runtimeManifestUrl: manifestHref(MODEL_BUNDLES.asrRuntime, base),
    modelManifestUrl: manifestHref(MODEL_BUNDLES.asrModel, base),
  });

  // Warm the VAD (ORT session, threads) while the page settles, so the first input is not slow.
  void vad.run({ audio: new Float32Array(SAMPLE_RATE / 2) }, { timeoutMs: 120_000 }).catch(() => undefined);

  // One utterance at a time: PocketSphinx decodes a single stream. The live preview and the
  // transcribe stage take turns through this queue, so neither sees the other's audio.
  let queue: Promise<unknown> = Promise.resolve();
  const enqueue = <T>(step: () => Promise<T>): Promise<T> => {
    const job = queue.then(step);
    queue = job.catch(() => undefined);
    return job;
  };
  let liveOpen = false;
  const live: LiveTranscript = {
    onPartial: undefined,
    feed(pcm) {
      const copy = pcm.slice(); // feed() transfers the buffer; the caller keeps its chunk
      void enqueue(async () => {
        if (!liveOpen) {
          await asr.start();
          liveOpen = true;
        }
        await asr.feed(copy);
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
  return { vad, transcribe, live, asr };
}
