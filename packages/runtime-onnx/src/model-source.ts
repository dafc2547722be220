/**
 * Where a stage's model bytes come from: a URL, bytes already in hand, or a loader run where the
 * stage runs (a model store, a cache, an archive). The loader's result may be a model-store
 * model as it is (`{ manifest, networkBytes, buffer(), release() }`, @tandem/model-store's
 * `LoadedModel`): the type below is structural, so this package does not depend on the store.
 *
 * A source is chosen inside the stage definition (`createSileroVadStage({ source })`), not in the
 * stage config: a config is cloned into the worker and keyed by its JSON on every call, which
 * would copy megabytes of weights per call and cannot carry a function at all.
 */
import { ValidationError } from '@tandem/core';

/** Bytes and what to report about them. */
export interface ModelBytes {
  bytes: Uint8Array | ArrayBuffer;
  id?: string;
  version?: string;
  /** Served from a local cache without the network (reported as `cacheHit`). */
  cacheHit?: boolean;
  /** Called when the stage is disposed (e.g. ends a model store's in-use lease). */
  release?(): void;
}

/** The shape of a model store's loaded model that a loader may return unchanged. */
export interface StoredModelLike {
  readonly manifest: { readonly id: string; readonly version: string };
  /** Bytes fetched from the network by this load (0 from the cache). */
  readonly networkBytes: number;
  /** The bytes of the only file (or of `name`). */
  buffer(name?: string): ArrayBuffer;
  release(): void;
}

export type ModelLoader = (signal: AbortSignal) => Promise<ModelBytes | StoredModelLike | Uint8Array | ArrayBuffer>;

export type ModelSource = { url: string } | { bytes: Uint8Array | ArrayBuffer } | ModelLoader;

/** A model's bytes as an ORT session wants them, with what the source said about them. */
export interface LoadedBytes {
  bytes: Uint8Array;
  id: string | undefined;
  version: string | undefined;
  cacheHit: boolean | undefined;
  release(): void;
}

function isStoredModel(value: object): value is StoredModelLike {
  return typeof (value as Partial<StoredModelLike>).buffer === 'function' && 'manifest' in value;
}

const asBytes = (data: Uint8Array | ArrayBuffer): Uint8Array => (data instanceof Uint8Array ? data : new Uint8Array(data));

/** Fetches a model's bytes from a URL (same origin, or CORS-enabled). */
export async function fetchModelBytes(url: string, signal?: AbortSignal): Promise<Uint8Array> {
  const response = await fetch(url, signal ? { signal } : {});
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

export async function loadModelSource(source: ModelSource, signal: AbortSignal): Promise<LoadedBytes> {
  const plain = (bytes: Uint8Array, cacheHit?: boolean): LoadedBytes => ({ bytes, id: undefined, version: undefined, cacheHit, release: () => undefined });
  if (typeof source === 'function') {
    const loaded = await source(signal);
    if (loaded instanceof Uint8Array || loaded instanceof ArrayBuffer) return plain(asBytes(loaded));
    if (isStoredModel(loaded)) {
      return {
        bytes: new Uint8Array(loaded.buffer()),
        id: loaded.manifest.id,
        version: loaded.manifest.version,
        cacheHit: loaded.networkBytes === 0,
        release: () => loaded.release(),
      };
    }
    return { bytes: asBytes(loaded.bytes), id: loaded.id, version: loaded.version, cacheHit: loaded.cacheHit, release: () => loaded.release?.() };
  }
  if ('bytes' in source) return plain(asBytes(source.bytes));
  if ('url' in source && typeof source.url === 'string') return plain(await fetchModelBytes(source.url, signal));
  throw new ValidationError({ what: 'model source', issues: ['expected { url }, { bytes } or a loader function'] });
}
