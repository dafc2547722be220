import type { ModelIntegrityError } from '@tandem/core';

/** Progress of one load: the shape every model source reports (`@tandem/core`). */
export type { ModelProgress } from '@tandem/core';

/** What happened inside the store, for logs, traces and tests. A union keyed on `type`. */
export type ModelStoreEvent =
  | { type: 'download-start'; modelId: string; version: string; file: string; url: string; offset: number; resumed: boolean; status: number }
  | { type: 'download-restart'; modelId: string; version: string; file: string; reason: string }
  | { type: 'integrity-error'; error: ModelIntegrityError; willRetry: boolean; source: 'network' | 'cache' }
  | { type: 'evicted'; modelId: string; version: string; bytes: number; lastUsed: number; reason: 'quota' }
  | { type: 'quota-exceeded-on-write'; modelId: string; version: string };
