/**
 * Silero VAD with its weights from somewhere other than a URL, as an app with a model cache runs
 * it: `createSileroVadStage({ source })`, the source chosen in the worker (or page) from plain
 * config data. `store`: a real @tandem/model-store in that context (download, SHA-256, IndexedDB;
 * a cache hit on the next load); `bytes`: weights fetched beforehand and handed over as bytes.
 */
import { createModelStore, type ModelManifest } from '@tandem/model-store';
import { createSileroVadStage, fetchModelBytes, type SileroVadConfig } from '@tandem/runtime-onnx';

export interface SourcedVadConfig extends SileroVadConfig {
  weights: { kind: 'store'; manifest: ModelManifest; storeName: string } | { kind: 'bytes'; url: string };
}

/** Fetched once per context for the `bytes` kind, as an app holding weights in memory would. */
const inMemory = new Map<string, Promise<Uint8Array>>();

export const sourcedVadStage = createSileroVadStage<SourcedVadConfig>({
  source: ({ weights }) => {
    if (weights.kind === 'store') {
      const store = createModelStore({ name: weights.storeName });
      return async (signal) => store.load(weights.manifest, { signal });
    }
    let bytes = inMemory.get(weights.url);
    if (!bytes) inMemory.set(weights.url, (bytes = fetchModelBytes(weights.url)));
    return async () => ({ bytes: await bytes });
  },
});
