import type { SerializedError } from '@tandem/core';
import type { ModelManifest, ModelProgress, PersistenceResult } from '@tandem/model-store';

/** What a load in the page or the worker reports back to the spec (structured-clone safe). */
export type LoadReport =
  | {
      ok: true;
      /** Per file: byte length and the SHA-256 of the buffer actually served. */
      files: Record<string, { bytes: number; sha256: string }>;
      networkBytes: number;
      ms: number;
      progress: ModelProgress[];
    }
  | { ok: false; error: SerializedError; progress: ModelProgress[] };

/** Page → worker. */
export type WorkerRequest = { type: 'load'; id: number; manifest: ModelManifest };

/** Worker → page. */
export type WorkerReply = { type: 'loaded'; id: number; report: LoadReport; persistence: PersistenceResult };
