import { deserializeError, WorkerCrashedError } from '@tandem/core';
import * as Comlink from 'comlink';
import { ASR_SAMPLE_RATE, type AsrEngine, type AsrListener, type AsrResult } from '../asr-engine.js';
import type { PocketSphinxDecoderOptions } from './decoder.js';
import type { Outcome, PocketSphinxLoaded, PocketSphinxWorkerApi } from './protocol.js';

export interface PocketSphinxEngineOptions {
  /**
   * A module worker whose script calls `exposePocketSphinxWorker({ source })`; the app creates it so its
   * bundler sees the worker file, e.g.
   * `new Worker(new URL('./asr.worker.ts', import.meta.url), { type: 'module' })`.
   */
  worker: Worker;
  /** Manifest URLs as written by scripts/prepare-assets.mjs (see README.md). */
  runtimeManifestUrl: string;
  modelManifestUrl: string;
  /**
   * Where the runtime bundle's emscripten glue is served, same-origin (default: `pocketsphinx.js`
   * next to the runtime manifest, as scripts/speech-assets.mjs writes bundles). The worker
   * imports it from this URL once the served bytes equal the checked ones, so the page's CSP
   * needs no `blob:` in `script-src`. It must be reachable offline if the app works offline.
   */
  runtimeGlueUrl?: string;
  decoder?: PocketSphinxDecoderOptions;
  /** Terminate the worker on dispose (default true). */
  terminateWorker?: boolean;
}

export interface PocketSphinxEngine extends AsrEngine {
  /** Load timings and versions reported by the worker. */
  readonly loaded: PocketSphinxLoaded;
}

function unwrap<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw deserializeError(outcome.error);
}

/**
 * PocketSphinx (Debian's en-us model, compiled to WebAssembly) behind the AsrEngine interface.
 * Decoding runs in the worker; audio chunks are transferred, not copied, and each call is
 * answered in order, so `feed` may be fired without awaiting.
 */
export async function createPocketSphinxEngine(options: PocketSphinxEngineOptions): Promise<PocketSphinxEngine> {
  const t0 = performance.now();
  const remote = Comlink.wrap<PocketSphinxWorkerApi>(options.worker);
  // A worker that dies (wasm abort, out of memory, script error) never answers: every call races
  // this promise, so callers get a WorkerCrashedError instead of a promise that hangs forever.
  let inFlight = 0;
  const crashed = new Promise<never>((_, reject) => {
    const fail = (reason: string) => reject(new WorkerCrashedError({ worker: 'pocketsphinx', reason, inFlight }));
    options.worker.addEventListener('error', (e) => fail(e.message || 'error event'));
    options.worker.addEventListener('messageerror', () => fail('a message could not be deserialised'));
  });
  crashed.catch(() => undefined); // observed through call(); not an unhandled rejection by itself
  const call = async <T>(outcome: Promise<Outcome<T>>): Promise<T> => {
    inFlight++;
    try {
      return unwrap(await Promise.race([outcome, crashed]));
    } finally {
      inFlight--;
    }
  };
  const resolve = (url: string): string => new URL(url, globalThis.location?.href).href;
  let loaded: PocketSphinxLoaded;
  try {
    loaded = await call(
      remote.load({
        runtimeManifestUrl: resolve(options.runtimeManifestUrl),
        runtimeGlueUrl: new URL(options.runtimeGlueUrl ?? 'pocketsphinx.js', resolve(options.runtimeManifestUrl)).href,
        modelManifestUrl: resolve(options.modelManifestUrl),
        ...(options.decoder ? { decoder: options.decoder } : {}),
      }),
    );
  } catch (error) {
    // A worker that could not load is of no further use; do not leave it holding memory.
    remote[Comlink.releaseProxy]();
    if (options.terminateWorker ?? true) options.worker.terminate();
    throw error;
  }
  const listeners = new Set<AsrListener>();
  const emit: AsrListener = (event) => {
    for (const listener of listeners) listener(event);
  };
  /** Errors of fire-and-forget feeds surface at the next end() instead of being lost. */
  let feedError: unknown;

  return {
    loaded,
    info: {
      engine: 'pocketsphinx',
      backend: 'wasm',
      modelId: loaded.modelId,
      modelVersion: loaded.modelVersion,
      sampleRate: ASR_SAMPLE_RATE,
      loadMs: performance.now() - t0,
    },
    async start() {
      feedError = undefined;
      await call(remote.start());
    },
    async feed(pcm) {
      try {
        const partial = await call(remote.feed(Comlink.transfer(pcm, [pcm.buffer])));
        if (partial) emit({ type: 'partial', partial });
      } catch (error) {
        feedError ??= error;
        throw error;
      }
    },
    async end(): Promise<AsrResult> {
      const result = await call(remote.end());
      if (feedError !== undefined) throw feedError;
      emit({ type: 'final', result });
      return result;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async dispose() {
      listeners.clear();
      try {
        await call(remote.dispose());
      } finally {
        remote[Comlink.releaseProxy]();
        if (options.terminateWorker ?? true) options.worker.terminate();
      }
    },
  };
}
