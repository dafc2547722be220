/**
 * The streaming ASR contract every speech engine implements: PocketSphinx in a worker today, a
 * Whisper ONNX engine later (see README.md, "Plugging in another engine"). Callers feed 16 kHz
 * mono PCM in chunks of any size between `start()` and `end()`; one `start()`/`end()` pair is one
 * utterance. Segmenting a stream into utterances (VAD) is the caller's job, so every engine gets
 * the same cuts and results compare fairly.
 */

/** Every engine takes 16 kHz mono; use `resampleTo16k` for anything else. */
export const ASR_SAMPLE_RATE = 16_000;

/** One recognised word, times in seconds from the start of the utterance. */
export interface AsrWord {
  word: string;
  start: number;
  end: number;
  /** Engine-specific confidence in [0, 1] when the engine has one (PocketSphinx: posterior). */
  confidence?: number;
}

/** The best hypothesis while an utterance is still being fed. */
export interface AsrPartial {
  text: string;
  /** Seconds of audio fed to this utterance when the hypothesis was formed. */
  audioSeconds: number;
}

/** What an engine returns for one utterance. */
export interface AsrResult {
  text: string;
  /** Words of the best path, fillers and silences removed; empty if the engine has no timings. */
  words: AsrWord[];
  /** Seconds of audio the utterance held. */
  audioSeconds: number;
  /**
   * Milliseconds the engine itself spent decoding this utterance (inside the worker, so message
   * passing is not counted). `processingMs / 1000 / audioSeconds` is the real-time factor.
   */
  processingMs: number;
  /**
   * Partial hypotheses the engine formed while the utterance was fed (each costs a search over
   * the utterance so far), when the engine counts them; partial events are only the changed ones.
   */
  hypotheses?: number;
}

export type AsrEvent = { type: 'partial'; partial: AsrPartial } | { type: 'final'; result: AsrResult };

export type AsrListener = (event: AsrEvent) => void;

/** Facts about a loaded engine, for traces (`RunReport`) and the UI. */
export interface AsrEngineInfo {
  /** Engine family, e.g. `pocketsphinx` or `whisper-onnx`. */
  engine: string;
  /** Where it computes: `wasm`, `webgpu`, … (the `backend` of a RunReport). */
  backend: string;
  modelId: string;
  modelVersion: string;
  sampleRate: typeof ASR_SAMPLE_RATE;
  /** Milliseconds from the factory call to a ready engine (fetch + compile + model load). */
  loadMs: number;
}

export interface AsrEngine {
  readonly info: AsrEngineInfo;
  /** Begins an utterance. Calling it while one is open is an error. */
  start(): Promise<void>;
  /**
   * Feeds samples at 16 kHz mono: float in [-1, 1] or int16. The buffer may be transferred to a
   * worker (detached afterwards): pass a copy if you still need it. Resolves when the engine has
   * consumed the chunk; callers may also fire and forget, the order is kept.
   */
  feed(pcm16k: Float32Array | Int16Array): Promise<void>;
  /** Closes the utterance and resolves with its final result (also sent to listeners). */
  end(): Promise<AsrResult>;
  /** Partial hypotheses as they change, then the final result of each utterance. */
  subscribe(listener: AsrListener): () => void;
  /** Frees the decoder and its worker. */
  dispose(): Promise<void>;
}

/**
 * Transcribes one whole utterance of 16 kHz audio by feeding it in `chunkSeconds` pieces, as a
 * live stream would arrive. Copies each chunk, so `pcm` stays usable.
 */
export async function transcribe(
  engine: AsrEngine,
  pcm: Float32Array | Int16Array,
  chunkSeconds = 0.25,
): Promise<AsrResult> {
  const step = Math.max(1, Math.round(chunkSeconds * ASR_SAMPLE_RATE));
  await engine.start();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < pcm.length; i += step) pending.push(engine.feed(pcm.slice(i, i + step)));
  await Promise.all(pending);
  return engine.end();
}
