import type { ModelIntegrityError } from '@tandem/core';

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

/** What happened inside the store, for logs, traces and tests. A union keyed on `type`. */
export type ModelStoreEvent =
  | { type: 'download-start'; modelId: string; version: string; file: string; url: string; offset: number; resumed: boolean; status: number }
  | { type: 'download-restart'; modelId: string; version: string; file: string; reason: string }
  | { type: 'integrity-error'; error: ModelIntegrityError; willRetry: boolean; source: 'network' | 'cache' }
  | { type: 'evicted'; modelId: string; version: string; bytes: number; lastUsed: number; reason: 'quota' }
  | { type: 'quota-exceeded-on-write'; modelId: string; version: string };
