import { createModelStore } from '@tandem/model-store';
import type { ModelSource } from '@tandem/speech';
import { MODEL_STORE_NAME } from '../model-bundles.ts';

/**
 * A speech `ModelSource` backed by the IndexedDB model store: the page has already downloaded
 * (and SHA-256 checked) the bundle, so here it is read from IndexedDB and checked again.
 */
export function storeModelSource(): ModelSource {
  const store = createModelStore({ name: MODEL_STORE_NAME });
  return async (manifestUrl, signal) => {
    const { model } = await store.open(manifestUrl, signal ? { signal } : {});
    const files = new Map<string, Uint8Array>();
    for (const [name, buffer] of model.files) files.set(name, new Uint8Array(buffer));
    return { id: model.manifest.id, version: model.manifest.version, files };
  };
}
