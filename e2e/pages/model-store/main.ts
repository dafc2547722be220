import { serializeError, type SerializedError } from '@tandem/core';
import {
  createModelStore,
  modelKey,
  type CachedModel,
  type LoadedModel,
  type ModelManifest,
  type ModelStoreEvent,
  type PersistenceResult,
  type QuotaNumbers,
  type Revalidation,
} from '@tandem/model-store';
import { createStore, delMany, get, keys, set } from 'idb-keyval';
import type { LoadReport, WorkerReply, WorkerRequest } from './protocol.ts';
import { loadAndReport } from './report.ts';

/** Events as plain data (the integrity error serialized), for the spec to inspect. */
type EventJson = ModelStoreEvent extends infer E
  ? E extends { error: Error }
    ? Omit<E, 'error'> & { error: SerializedError }
    : E
  : never;

const events: EventJson[] = [];
const onEvent = (event: ModelStoreEvent) => events.push(event.type === 'integrity-error' ? { ...event, error: serializeError(event.error) } : event);
const store = createModelStore({ onEvent });
const held = new Map<string, LoadedModel[]>();
/** The same database without re-hashing on warm loads: measures what verification costs. */
const unverified = createModelStore({ verifyOnLoad: false });
/** The same database re-hashing whole files against the manifest on warm loads (schema 1's way). */
const wholeFileVerified = createModelStore({ verifyOnLoad: 'file', onEvent });

const worker = new Worker(new URL('./store.worker.ts', import.meta.url), { type: 'module' });
let nextId = 0;
const pending = new Map<number, (reply: WorkerReply) => void>();
worker.onmessage = (event: MessageEvent<WorkerReply>) => {
  pending.get(event.data.id)?.(event.data);
  pending.delete(event.data.id);
};

/** The store's database, opened the same way the store opens it, to count raw entries. */
const raw = createStore('tandem-models', 'entries');

const api = {
  load: (manifest: ModelManifest, options: { hold?: boolean } = {}): Promise<LoadReport> =>
    loadAndReport(store, manifest, (model) => {
      const key = modelKey(manifest.id, manifest.version);
      if (options.hold) held.set(key, [...(held.get(key) ?? []), model]);
      else model.release();
    }),
  /** Ends every lease this page holds on `id@version`. */
  release(id: string, version: string): void {
    for (const model of held.get(modelKey(id, version)) ?? []) model.release();
    held.delete(modelKey(id, version));
  },
  loadInWorker(manifest: ModelManifest): Promise<{ report: LoadReport; persistence: PersistenceResult }> {
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, (reply) => resolve({ report: reply.report, persistence: reply.persistence }));
      worker.postMessage({ type: 'load', id, manifest } satisfies WorkerRequest);
    });
  },
  async open(url: string, policy: 'pin' | 'auto-update'): Promise<{ version: string; networkBytes: number; revalidation: Revalidation | { status: 'error'; error: SerializedError } }> {
    try {
      const opened = await store.open(url, { policy });
      opened.model.release();
      const revalidation = await opened.revalidation;
      const json = revalidation.status === 'failed' ? { ...revalidation, error: serializeError(revalidation.error) } : revalidation;
      return { version: opened.model.manifest.version, networkBytes: opened.model.networkBytes, revalidation: json as Revalidation };
    } catch (error) {
      return { version: '', networkBytes: 0, revalidation: { status: 'error', error: serializeError(error) } };
    }
  },
  loadUnverified: (manifest: ModelManifest): Promise<LoadReport> => loadAndReport(unverified, manifest),
  loadWholeFileVerified: (manifest: ModelManifest): Promise<LoadReport> => loadAndReport(wholeFileVerified, manifest),
  /** Baseline for the benchmark: a plain fetch of the whole file into one ArrayBuffer. */
  async plainFetch(url: string): Promise<{ ms: number; bytes: number }> {
    const started = performance.now();
    const buffer = await (await fetch(url, { cache: 'no-store' })).arrayBuffer();
    return { ms: performance.now() - started, bytes: buffer.byteLength };
  },
  /** The same for a model of several files, fetched concurrently. */
  async plainFetchAll(urls: string[]): Promise<{ ms: number; bytes: number }> {
    const started = performance.now();
    const buffers = await Promise.all(urls.map(async (url) => (await fetch(url, { cache: 'no-store' })).arrayBuffer()));
    return { ms: performance.now() - started, bytes: buffers.reduce((n, b) => n + b.byteLength, 0) };
  },
  list: (): Promise<CachedModel[]> => store.list(),
  isCached: (id: string, version: string): Promise<boolean> => store.isCached(id, version),
  delete: (id: string, version?: string): Promise<number> => store.delete(id, version),
  clear: (): Promise<void> => store.clear(),
  estimate: (): Promise<QuotaNumbers | undefined> => store.estimate(),
  requestPersistence: (): Promise<PersistenceResult> => store.requestPersistence(),
  takeEvents(): EventJson[] {
    return events.splice(0);
  },
  /** Raw IndexedDB keys (records and chunks) stored for a version: proof of "no partial entries". */
  async rawEntries(id: string, version: string): Promise<number> {
    const all = await keys<IDBValidKey[]>(raw);
    return all.filter((k) => Array.isArray(k) && k[0] !== 'source' && k[1] === id && k[2] === version).length;
  },
  /**
   * Rewrites a stored version as the first release (record schema 1) stored it: no `schema`, no
   * per-file `blockSize`, no digest lists. What an upgraded app finds in a returning user's browser.
   */
  async downgradeToSchema1(id: string, version: string): Promise<void> {
    const all = await keys<IDBValidKey[]>(raw);
    await delMany(all.filter((k) => Array.isArray(k) && k[0] === 'digests' && k[1] === id && k[2] === version), raw);
    const key = ['model', id, version];
    const record = await get<{ schema?: number; files: Record<string, { blockSize?: number }> }>(key, raw);
    if (!record) throw new Error(`no record ${JSON.stringify(key)}`);
    delete record.schema;
    for (const state of Object.values(record.files)) delete state.blockSize;
    await set(key, record, raw);
  },
  /** What the store recorded about a version: its schema and the block size per file. */
  async recordShape(id: string, version: string): Promise<{ schema: number | undefined; blockSizes: Record<string, number | undefined>; digestLists: number }> {
    const record = await get<{ schema?: number; files: Record<string, { blockSize?: number }> }>(['model', id, version], raw);
    const all = await keys<IDBValidKey[]>(raw);
    return {
      schema: record?.schema,
      blockSizes: Object.fromEntries(Object.entries(record?.files ?? {}).map(([name, state]) => [name, state.blockSize])),
      digestLists: all.filter((k) => Array.isArray(k) && k[0] === 'digests' && k[1] === id && k[2] === version).length,
    };
  },
  /** Flips one byte of a stored chunk behind the store's back (corruption at rest). */
  async corruptStoredChunk(id: string, version: string, file: string, index: number): Promise<void> {
    const key = ['chunk', id, version, file, index];
    const blob = await get<Blob>(key, raw);
    if (!blob) throw new Error(`no chunk ${JSON.stringify(key)}`);
    const bytes = new Uint8Array(await blob.arrayBuffer());
    bytes[bytes.length >> 1]! ^= 0xff;
    // The type stays: a chunk stored gzipped is damaged inside its compressed bytes.
    await set(key, new Blob([bytes], { type: blob.type }), raw);
  },
  /** How a file's chunks sit in IndexedDB: their Blob types (gzipped or plain) and sizes. */
  async storedChunks(id: string, version: string, file: string): Promise<{ type: string; size: number }[]> {
    const out: { type: string; size: number }[] = [];
    for (let index = 0; ; index++) {
      const blob = await get<Blob>(['chunk', id, version, file, index], raw);
      if (!blob) return out;
      out.push({ type: blob.type, size: blob.size });
    }
  },
};

declare global {
  interface Window {
    modelStore: typeof api;
  }
}

window.modelStore = api;
document.getElementById('status')!.textContent = 'ready';
