import { ValidationError } from '../errors/index.js';
import type { ModelManifest } from './model-manifest.js';

/**
 * The one way a Tandem engine gets model bytes. A stage or engine that needs weights takes a
 * `ModelSource` and asks it for a manifest's files; it never fetches on its own. So every model
 * (ONNX weights, TF.js shards, a wasm runtime, an ASR model) gets the same guarantees from
 * whichever source the app chose: @tandem/model-store's `createModelStore()` (download, SHA-256
 * against the manifest, IndexedDB cache, progress, quota, eviction) or its in-memory
 * `createMemoryModelSource()` for tests and embedders that already hold the bytes.
 *
 * The contract is two methods, after transformers.js' three-method cache interface: small enough
 * that another cache (Cache Storage, OPFS, a native bridge) can implement it in one file.
 */

/** Progress of one load, for a progress bar: per file and for the whole model. */
export interface ModelProgress {
  modelId: string;
  version: string;
  file: string;
  fileBytesDone: number;
  fileBytesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** Bytes this load has taken from the network so far (0 on a warm load). */
  networkBytes: number;
  /** Where the latest bytes came from. */
  source: 'network' | 'cache';
  /**
   * Counts restarts of a file (server ignored Range, integrity retry). Progress is monotonic
   * within an attempt; a new attempt starts that file from zero again.
   */
  attempt: number;
}

export interface ModelLoadOptions {
  onProgress?: (progress: ModelProgress) => void;
  /** Aborts this load; a download shared with other callers is aborted for them too. */
  signal?: AbortSignal;
}

/**
 * A model ready for a runtime: every file's bytes, each already checked against the manifest's
 * SHA-256 (a source never hands out unchecked bytes), and an in-use lease.
 */
export interface LoadedModel {
  readonly manifest: ModelManifest;
  readonly files: ReadonlyMap<string, ArrayBuffer>;
  /** The bytes of file `name`, or of the only file. Callers that joined one load share buffers: do not transfer them. */
  buffer(name?: string): ArrayBuffer;
  /** Bytes fetched from the network by this load (0 when everything came from a cache or memory). */
  readonly networkBytes: number;
  /** Ends the in-use lease, after which a cache may evict the model to make room for others. */
  release(): void;
}

/** The outcome of checking a manifest URL for a newer version. */
export type Revalidation =
  | { status: 'current'; version: string }
  | { status: 'update-available'; version: string; latestVersion: string }
  | { status: 'updated'; version: string; previousVersion: string }
  | { status: 'offline'; version: string }
  | { status: 'failed'; version: string; error: Error };

export interface OpenedModel {
  model: LoadedModel;
  /** Settles after a background check of the manifest URL for a newer version. */
  revalidation: Promise<Revalidation>;
}

export interface ModelSource {
  /** The verified files of the version `manifest` names. */
  load(manifest: ModelManifest, options?: ModelLoadOptions): Promise<LoadedModel>;
  /** The verified files of the version a manifest URL names (a cache may serve a stored one at once). */
  open(manifestUrl: string, options?: ModelLoadOptions): Promise<OpenedModel>;
}

/**
 * Where a stage's model is described: a manifest URL or a manifest in hand. Plain data, so it
 * can sit in a stage config that is cloned into a worker.
 */
export type ModelRef = string | ModelManifest;

/** Loads `ref` from `source`: `open` for a manifest URL, `load` for a manifest. */
export async function loadModel(source: ModelSource, ref: ModelRef, options: ModelLoadOptions = {}): Promise<LoadedModel> {
  return typeof ref === 'string' ? (await source.open(ref, options)).model : source.load(ref, options);
}

/** A stage's source: one for every config, or one picked per config (e.g. by a store name in it). */
export type StageModelSource<C> = ModelSource | ((config: C) => ModelSource);

/**
 * What every stage with weights does on create: load the model its config names
 * (`config.manifest`) from its source, then `open` a session on it. A failed `open` releases
 * the model, so a stage that never started holds no lease; on success the caller releases it
 * when the stage is disposed. A config without a manifest is refused with `ValidationError`
 * naming `what`.
 */
export async function openStageModel<C extends { manifest?: ModelRef }, T>(
  what: string,
  source: StageModelSource<C>,
  config: C,
  signal: AbortSignal,
  open: (model: LoadedModel) => Promise<T>,
): Promise<{ model: LoadedModel; opened: T }> {
  if (config.manifest === undefined) {
    throw new ValidationError({ what, issues: ["manifest is required: the URL of the weights' manifest, or the manifest itself"] });
  }
  const model = await loadModel(typeof source === 'function' ? source(config) : source, config.manifest, { signal });
  try {
    return { model, opened: await open(model) };
  } catch (error) {
    model.release();
    throw error;
  }
}
