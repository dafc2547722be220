/**
 * @tandem/model-store — the model cache: IndexedDB chunks (idb-keyval), SHA-256 integrity,
 * resumable downloads, immutable versions, quota checks with LRU eviction. Works in a page and in
 * a worker. A store is @tandem/core's `ModelSource`, the one way Tandem's engines load models;
 * `createMemoryModelSource` is the same contract over bytes in hand.
 */
export {
  createModelStore,
  type ModelStore,
  type ModelStoreOptions,
  type LoadOptions,
  type LoadedModel,
  type OpenOptions,
  type OpenedModel,
  type CachedModel,
} from './model-store.js';
export type { VerifyMode } from './obtain-model.js';
export { createMemoryModelSource, type MemoryModelFiles } from './memory-source.js';
export { parseManifest, manifestSize, modelKey, type ModelManifest, type ManifestFile, type ParseManifestOptions } from './manifest.js';
export type { ModelProgress, ModelStoreEvent } from './events.js';
export type { Revalidation, UpdatePolicy } from './revalidation.js';
export type { PersistenceResult, QuotaNumbers } from './quota.js';
export { DEFAULT_CHUNK_SIZE, planChunks, resumeOffset, type ChunkSpan } from './chunk-plan.js';
export { chooseEvictions, type EvictionCandidate, type EvictionPlan } from './eviction.js';
export { interpretRangeResponse, isEncoded, parseContentRange, rangeHeader, type RangeDecision } from './http-range.js';
export { sha256Sri } from './integrity.js';
