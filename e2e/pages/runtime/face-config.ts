import type { FaceDetectorConfig } from '@tandem/runtime-tfjs';
import { RUNTIME_STORE } from './runtime-store.ts';

/** The face stage's config on this page: which model store (IndexedDB name) to load through. */
export interface FaceStageConfig extends FaceDetectorConfig {
  storeName?: string;
  /** Distinct values make distinct stage instances (each loads its weights afresh). */
  instance?: number;
}

export const faceStoreOf = (config: FaceStageConfig): string => config.storeName ?? RUNTIME_STORE;
