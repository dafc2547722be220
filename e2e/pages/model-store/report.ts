import { serializeError } from '@tandem/core';
import { sha256Sri, type LoadOptions, type LoadedModel, type ModelManifest, type ModelProgress, type ModelStore } from '@tandem/model-store';
import type { LoadReport } from './protocol.ts';

/**
 * Loads a model and describes what was served: the digest is taken from the buffer the runtime
 * would get, so the spec checks the served bytes, not the store's own claims.
 */
export async function loadAndReport(
  store: ModelStore,
  manifest: ModelManifest,
  onLoaded?: (model: LoadedModel) => void,
  options: LoadOptions = {},
): Promise<LoadReport> {
  const progress: ModelProgress[] = [];
  const started = performance.now();
  try {
    const model = await store.load(manifest, { ...options, onProgress: (p) => progress.push(p) });
    const ms = performance.now() - started;
    const files: Record<string, { bytes: number; sha256: string }> = {};
    for (const [name, buffer] of model.files) files[name] = { bytes: buffer.byteLength, sha256: await sha256Sri(buffer) };
    if (onLoaded) onLoaded(model);
    else model.release();
    return { ok: true, files, networkBytes: model.networkBytes, ms, progress };
  } catch (error) {
    return { ok: false, error: serializeError(error), progress };
  }
}
