/**
 * Silero VAD with its weights from a source chosen per config, as an app with several model
 * caches runs it: `createSileroVadStage({ source: (config) => … })`, chosen in the worker (or
 * page) from plain config data. `store`: a real @tandem/model-store in that context (download,
 * SHA-256, IndexedDB; a cache hit on the next load); `bytes`: weights fetched beforehand and
 * served by `createMemoryModelSource` (checked against the same manifest, no network).
 */
import type { ModelManifest } from '@tandem/core';
import { createMemoryModelSource, createModelStore } from '@tandem/model-store';
import { createSileroVadStage, type SileroVadConfig } from '@tandem/runtime-onnx';

export interface SourcedVadConfig extends SileroVadConfig {
  weights: { kind: 'store'; manifest: ModelManifest; storeName: string } | { kind: 'bytes'; url: string; manifest: ModelManifest };
}

/** Fetched once per context for the `bytes` kind, as an app holding weights in memory would. */
const inMemory = new Map<string, Promise<ArrayBuffer>>();

function fetchOnce(url: string): Promise<ArrayBuffer> {
  let bytes = inMemory.get(url);
  if (!bytes) inMemory.set(url, (bytes = fetch(url).then((r) => r.arrayBuffer())));
  return bytes;
}

export const sourcedVadStage = createSileroVadStage<SourcedVadConfig>({
  source: ({ weights }) => {
    if (weights.kind === 'store') return createModelStore({ name: weights.storeName });
    // The bytes are keyed by the URL the manifest names, so the manifest decides what they must hash to.
    return {
      load: async (manifest, options) => createMemoryModelSource({ [weights.manifest.files[0]!.url]: await fetchOnce(weights.url) }).load(manifest, options),
      open: () => Promise.reject(new Error('the bytes kind is given its manifest')),
    };
  },
});
