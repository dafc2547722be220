import { createStore, get, promisifyRequest, set, setMany, type UseStore } from 'idb-keyval';
import { chunkKey, digestsKey, recordKey, sourceKey, type ModelRecord, type SourceRecord, type StoredDigests } from './model-record.js';

/**
 * The store's IndexedDB access, through idb-keyval's `createStore` (one database, one object
 * store). Range reads and deletes go through idb-keyval's `UseStore` callback, which hands over
 * the raw object store inside a transaction.
 */
export interface ModelDb {
  getRecord(id: string, version: string): Promise<ModelRecord | undefined>;
  putRecord(record: ModelRecord): Promise<void>;
  /** Stores one chunk and the record that now counts it, atomically. */
  putChunk(record: ModelRecord, file: string, index: number, chunk: Blob): Promise<void>;
  listRecords(): Promise<ModelRecord[]>;
  /** The stored chunks of a file, in order. */
  readChunks(id: string, version: string, file: string): Promise<Blob[]>;
  /**
   * Chunks and block digests of several files in ONE read transaction (a warm load): one
   * transaction per file cost a round trip each, which shows on a model of many small files.
   */
  readFiles(id: string, version: string, files: readonly string[]): Promise<Map<string, StoredFile>>;
  /** Marks a file verified and stores its block digests, atomically. */
  putVerified(record: ModelRecord, file: string, digests: StoredDigests): Promise<void>;
  deleteFileChunks(record: ModelRecord, file: string): Promise<void>;
  /** Deletes a version's record, every chunk and every digest list in one transaction. */
  deleteModel(id: string, version: string): Promise<void>;
  getSource(url: string): Promise<SourceRecord | undefined>;
  putSource(source: SourceRecord): Promise<void>;
  clear(): Promise<void>;
}

export interface StoredFile {
  chunks: Blob[];
  /** Absent for files stored by schema 1. */
  digests: StoredDigests | undefined;
}

const prefixRange = (...prefix: IDBValidKey[]): IDBKeyRange => IDBKeyRange.bound(prefix, [...prefix, []]);

export function openModelDb(dbName: string): ModelDb {
  // createStore opens lazily on first use, so creating a store does no work at import time.
  const store: UseStore = createStore(dbName, 'entries');
  return {
    getRecord: (id, version) => get<ModelRecord>(recordKey(id, version), store),
    putRecord: (record) => set(recordKey(record.id, record.version), record, store),
    putChunk: (record, file, index, chunk) =>
      setMany(
        [
          [chunkKey(record.id, record.version, file, index), chunk],
          [recordKey(record.id, record.version), record],
        ],
        store,
      ),
    listRecords: () =>
      store('readonly', (s) => promisifyRequest(s.getAll(prefixRange('model')) as IDBRequest<ModelRecord[]>)),
    readChunks: (id, version, file) =>
      store('readonly', (s) => promisifyRequest(s.getAll(prefixRange('chunk', id, version, file)) as IDBRequest<Blob[]>)),
    readFiles: (id, version, files) =>
      store('readonly', async (s) => {
        const requests = files.map((file) => ({
          file,
          chunks: s.getAll(prefixRange('chunk', id, version, file)) as IDBRequest<Blob[]>,
          digests: s.get(digestsKey(id, version, file)) as IDBRequest<StoredDigests | undefined>,
        }));
        const out = new Map<string, StoredFile>();
        for (const r of requests) {
          out.set(r.file, { chunks: await promisifyRequest(r.chunks), digests: await promisifyRequest(r.digests) });
        }
        return out;
      }),
    putVerified: (record, file, digests) =>
      setMany(
        [
          [digestsKey(record.id, record.version, file), digests],
          [recordKey(record.id, record.version), record],
        ],
        store,
      ),
    deleteFileChunks: (record, file) =>
      store('readwrite', (s) => {
        s.delete(prefixRange('chunk', record.id, record.version, file));
        s.delete(digestsKey(record.id, record.version, file));
        s.put(record, recordKey(record.id, record.version));
        return promisifyRequest(s.transaction);
      }),
    deleteModel: (id, version) =>
      store('readwrite', (s) => {
        s.delete(prefixRange('chunk', id, version));
        s.delete(prefixRange('digests', id, version));
        s.delete(recordKey(id, version));
        return promisifyRequest(s.transaction);
      }),
    getSource: (url) => get<SourceRecord>(sourceKey(url), store),
    putSource: (source) => set(sourceKey(source.url), source, store),
    clear: () =>
      store('readwrite', (s) => {
        s.clear();
        return promisifyRequest(s.transaction);
      }),
  };
}
