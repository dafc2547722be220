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
  /**
   * Set (schema 2) when the per-block digests of the verified bytes are stored under
   * `digestsKey`, written in the same transaction as `verified: true`. Absent on files stored by
   * schema 1, whose warm loads fall back to one whole-file hash and then record the digests.
   */
  blockSize?: number;
}

/**
 * 1: chunks and record only (the first release). 2: adds per-block digests of verified files.
 * Records without `schema` are schema 1; they are read as they are and upgraded file by file on
 * their first warm load (obtain-model.ts), so no migration pass runs at open.
 */
export const RECORD_SCHEMA = 2;

export interface ModelRecord {
  /** Absent on schema 1 records. */
  schema?: number;
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
 *   ['digests', id, version, fileName]          -> StoredDigests (schema 2)
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
export const digestsKey = (id: string, version: string, file: string): IDBValidKey => ['digests', id, version, file];
export const sourceKey = (url: string): IDBValidKey => ['source', url];

/** SHA-256 of each `blockSize` block of one verified file, 32 bytes per block, in order. */
export interface StoredDigests {
  /** The manifest hash the bytes matched when these were taken: a manifest naming another hash never uses them. */
  fileSha256: string;
  blockSize: number;
  digests: Uint8Array;
}

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
    schema: RECORD_SCHEMA,
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
