import {
  ModelDownloadError,
  isTandemError,
  type LoadedModel,
  type ModelLoadOptions,
  type ModelSource,
  type OpenedModel,
  type Revalidation,
} from '@tandem/core';
import { DEFAULT_CHUNK_SIZE, MIB, assertChunkSize } from './chunk-plan.js';
import type { ModelProgress, ModelStoreEvent } from './events.js';
import { createLeases } from './leases.js';
import { manifestSize, modelKey, parseManifest, type ModelManifest } from './manifest.js';
import { openModelDb } from './model-db.js';
import { storedBytesOf, type SourceRecord } from './model-record.js';
import { obtainModel, type Obtained, type VerifyMode } from './obtain-model.js';
import { readQuota, requestPersistence, type PersistenceResult, type QuotaNumbers, type StorageLike } from './quota.js';
import { fetchManifest, isOnline, type UpdatePolicy } from './revalidation.js';
import { createRoomMaker } from './room.js';

export interface ModelStoreOptions {
  /** IndexedDB database name; stores with different names never share entries. */
  name?: string;
  /** Bytes per stored chunk (the unit of resumption). Default 4 MiB. */
  chunkSize?: number;
  /**
   * How a warm load re-checks the bytes it reads from IndexedDB. Default `true` (= `'blocks'`):
   * SHA-256 of every 256 KiB block against digests recorded when the file matched the manifest.
   * `'file'`: one whole-file SHA-256 against the manifest (slower; trusts nothing stored beside
   * the chunks). `false`: no check on warm loads (downloads are always verified).
   */
  verifyOnLoad?: boolean | 'blocks' | 'file';
  /** Extra room asked for beyond a download's bytes (IndexedDB overhead). Default 1 MiB. */
  headroomBytes?: number;
  onEvent?: (event: ModelStoreEvent) => void;
  /** Injection points; default to the global ones (page or worker). `null` turns a feature off. */
  fetch?: typeof fetch;
  storage?: StorageLike | null;
  locks?: LockManager | null;
  now?: () => number;
}

/** How one load reports progress and is aborted: the `ModelSource` contract's options. */
export type LoadOptions = ModelLoadOptions;

export type { LoadedModel, OpenedModel };

export interface OpenOptions extends LoadOptions {
  policy?: UpdatePolicy;
}

export interface CachedModel {
  id: string;
  version: string;
  runtime: string;
  licence: string;
  sizeBytes: number;
  storedBytes: number;
  complete: boolean;
  lastUsed: number;
  inUse: boolean;
}

/**
 * The cache behind the `ModelSource` contract (`@tandem/core`): any engine that takes a source
 * takes a store, and gets its integrity checks, IndexedDB cache, progress, quota and eviction.
 */
export interface ModelStore extends ModelSource {
  /** Serves a model from IndexedDB, or downloads, verifies and stores it first. */
  load(manifest: ModelManifest, options?: LoadOptions): Promise<LoadedModel>;
  /** Loads the version a manifest URL names; a stored one is served at once and revalidated in the background. */
  open(manifestUrl: string, options?: OpenOptions): Promise<OpenedModel>;
  /** Asks the manifest URL (conditionally) whether a newer version than the stored one exists. */
  checkForUpdate(manifestUrl: string): Promise<Revalidation>;
  isCached(id: string, version: string): Promise<boolean>;
  list(): Promise<CachedModel[]>;
  /** Deletes one version, or every version of `id`; returns how many were deleted. */
  delete(id: string, version?: string): Promise<number>;
  clear(): Promise<void>;
  estimate(): Promise<QuotaNumbers | undefined>;
  /** `navigator.storage.persist()` from a page; `{ supported: false }` in a worker. */
  requestPersistence(): Promise<PersistenceResult>;
}

type Navigatorish = { storage?: StorageManager; locks?: LockManager };

export function createModelStore(options: ModelStoreOptions = {}): ModelStore {
  const name = options.name ?? 'tandem-models';
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  assertChunkSize(chunkSize);
  const nav = (globalThis as { navigator?: Navigatorish }).navigator;
  const storage = options.storage === undefined ? (nav?.storage ?? null) : options.storage;
  const locks = options.locks === undefined ? (nav?.locks ?? null) : options.locks;
  const fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
  const now = options.now ?? Date.now;
  const emit = (event: ModelStoreEvent) => options.onEvent?.(event);

  const db = openModelDb(name);
  const lockPrefix = `tandem-model-store/${name}`;
  const leases = createLeases(lockPrefix, locks);
  const room = createRoomMaker({ db, storage, leases, headroomBytes: options.headroomBytes ?? MIB, emit });
  const verify = options.verifyOnLoad ?? true;
  const verifyOnLoad: VerifyMode = verify === true ? 'blocks' : verify === false ? 'none' : verify;
  const deps = { db, fetch: fetchFn, room, storage, chunkSize, verifyOnLoad, now, emit };

  /** One download per model in this context; listeners of every joined caller get progress. */
  const inflight = new Map<string, { promise: Promise<Obtained>; listeners: Set<(p: ModelProgress) => void> }>();

  async function load(input: ModelManifest, loadOptions: LoadOptions = {}): Promise<LoadedModel> {
    const manifest = parseManifest(input);
    const key = modelKey(manifest.id, manifest.version);
    const release = await leases.acquire(key);
    try {
      let flight = inflight.get(key);
      if (!flight) {
        const listeners = new Set<(p: ModelProgress) => void>();
        const run = () => obtainModel(deps, manifest, (p) => listeners.forEach((l) => l(p)), loadOptions.signal);
        const promise = (async () => {
          const record = await db.getRecord(manifest.id, manifest.version);
          // Only a download needs the cross-tab lock; a tab that waited finds the model stored.
          if (record?.complete || !locks) return run();
          return locks.request(`${lockPrefix}/download/${key}`, run);
        })().finally(() => inflight.delete(key));
        flight = { promise, listeners };
        inflight.set(key, flight);
      }
      if (loadOptions.onProgress) flight.listeners.add(loadOptions.onProgress);
      const obtained = await flight.promise;
      return {
        manifest,
        files: obtained.files,
        networkBytes: obtained.networkBytes,
        buffer(fileName) {
          const file = fileName ?? (manifest.files.length === 1 ? manifest.files[0]!.name : undefined);
          const bytes = file === undefined ? undefined : obtained.files.get(file);
          if (!bytes) throw new RangeError(`model ${key} has no file ${fileName ?? '(name required: several files)'}`);
          return bytes;
        },
        release,
      };
    } catch (error) {
      release();
      throw error;
    }
  }

  async function revalidate(url: string, source: SourceRecord, policy: UpdatePolicy): Promise<Revalidation> {
    const version = source.version;
    if (!isOnline()) return { status: 'offline', version };
    try {
      const fetched = await fetchManifest(fetchFn, url, source.etag);
      const checkedAt = now();
      if (fetched.kind === 'not-modified' || fetched.manifest.version === version) {
        const etag = fetched.kind === 'manifest' ? fetched.etag : source.etag;
        await db.putSource({ ...source, etag, checkedAt });
        return { status: 'current', version };
      }
      const latestVersion = fetched.manifest.version;
      if (policy === 'pin') return { status: 'update-available', version, latestVersion };
      const next = await load(fetched.manifest);
      next.release();
      const { id } = fetched.manifest;
      await db.putSource({ url, etag: fetched.etag, id, version: latestVersion, checkedAt });
      // The old version stays until it is unused and LRU eviction needs its room.
      return { status: 'updated', version: latestVersion, previousVersion: version };
    } catch (error) {
      if (error instanceof TypeError) return { status: 'offline', version };
      return { status: 'failed', version, error: error instanceof Error ? error : new Error(String(error)) };
    }
  }

  async function open(manifestUrl: string, openOptions: OpenOptions = {}): Promise<OpenedModel> {
    const base = (globalThis as { location?: { href: string } }).location?.href;
    const url = new URL(manifestUrl, base).href;
    const policy = openOptions.policy ?? 'pin';
    const source = await db.getSource(url);
    const stored = source && (await db.getRecord(source.id, source.version));
    if (source && stored?.complete) {
      const model = await load(stored.manifest, openOptions);
      return { model, revalidation: revalidate(url, source, policy) };
    }
    let fetched;
    try {
      fetched = await fetchManifest(fetchFn, url, undefined, openOptions.signal);
    } catch (error) {
      if (isTandemError(error)) throw error;
      throw new ModelDownloadError({ modelId: url, url, reason: `manifest unreachable (${String(error)})` }, { cause: error });
    }
    if (fetched.kind !== 'manifest') throw new ModelDownloadError({ modelId: url, url, status: 304, reason: 'unexpected 304' });
    const model = await load(fetched.manifest, openOptions);
    const { id, version } = fetched.manifest;
    await db.putSource({ url, etag: fetched.etag, id, version, checkedAt: now() });
    return { model, revalidation: Promise.resolve({ status: 'current', version }) };
  }

  return {
    load,
    open,
    async checkForUpdate(manifestUrl) {
      const url = new URL(manifestUrl, (globalThis as { location?: { href: string } }).location?.href).href;
      const source = await db.getSource(url);
      if (!source) throw new RangeError(`nothing stored from ${url}; open it first`);
      return revalidate(url, source, 'pin');
    },
    async isCached(id, version) {
      return (await db.getRecord(id, version))?.complete === true;
    },
    async list() {
      const [records, inUse] = await Promise.all([db.listRecords(), leases.inUseAnywhere()]);
      return records.map((r) => ({
        id: r.id,
        version: r.version,
        runtime: r.manifest.runtime,
        licence: r.manifest.licence,
        sizeBytes: manifestSize(r.manifest),
        storedBytes: storedBytesOf(r),
        complete: r.complete,
        lastUsed: r.lastUsed,
        inUse: inUse.has(modelKey(r.id, r.version)),
      }));
    },
    async delete(id, version) {
      const records = (await db.listRecords()).filter((r) => r.id === id && (version === undefined || r.version === version));
      for (const r of records) await db.deleteModel(r.id, r.version);
      return records.length;
    },
    clear: () => db.clear(),
    estimate: () => readQuota(storage),
    requestPersistence: () => requestPersistence(storage),
  };
}
