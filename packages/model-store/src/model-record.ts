import type { ModelManifest } from './manifest.js';

/**
 * What the store remembers about one model version, beside its chunks. It lives in the same
 * object store as the chunks so a chunk and the record that counts it are written in one
 * transaction: after a crash the record never claims a chunk that is not there.
 */
export interface FileState {
  /** Chunks 0..storedChunks-1 are stored; the download resumes after them. */
  storedChunks: number;
  /** The file's SHA-256 matched the manifest when its last byte arrived. */
  verified: boolean;
}

export interface ModelRecord {
  id: string;
  version: string;
  manifest: ModelManifest;
  /** Chunk size these chunks were cut with (fixed per record, whatever the store's option later). */
  chunkSize: number;
  files: Record<string, FileState>;
  /** Every file is stored and verified. */
  complete: boolean;
  createdAt: number;
  lastUsed: number;
}

/** Remembered per manifest URL, for conditional revalidation (`If-None-Match`). */
export interface SourceRecord {
  url: string;
  etag: string | undefined;
  id: string;
  version: string;
  checkedAt: number;
}

/*
 * Key layout (arrays sort element by element, numbers numerically, and an array sorts after any
 * string or number, which makes `[...prefix, []]` an upper bound for everything under a prefix):
 *   ['model', id, version]                      -> ModelRecord
 *   ['chunk', id, version, fileName, index]     -> Blob
 *   ['source', manifestUrl]                     -> SourceRecord
 */
export const recordKey = (id: string, version: string): IDBValidKey => ['model', id, version];
export const chunkKey = (id: string, version: string, file: string, index: number): IDBValidKey => [
  'chunk',
  id,
  version,
  file,
  index,
];
export const sourceKey = (url: string): IDBValidKey => ['source', url];

export function storedBytesOf(record: ModelRecord): number {
  let bytes = 0;
  for (const file of record.manifest.files) {
    const state = record.files[file.name];
    if (state) bytes += Math.min(file.size, state.storedChunks * record.chunkSize);
  }
  return bytes;
}

export function newRecord(manifest: ModelManifest, chunkSize: number, now: number): ModelRecord {
  return {
    id: manifest.id,
    version: manifest.version,
    manifest,
    chunkSize,
    files: Object.fromEntries(manifest.files.map((f) => [f.name, { storedChunks: 0, verified: false }])),
    complete: false,
    createdAt: now,
    lastUsed: now,
  };
}
