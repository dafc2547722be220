import { createStore, del, entries, set, type UseStore } from 'idb-keyval';
import type { TranslateRequest } from './wire.js';

/**
 * Sanitized requests waiting for the function, persisted in IndexedDB so they survive a reload.
 * The key is the request's idempotency key: a request deleted only after the function answered,
 * and re-sent under the same key after a crash or reload, runs on the function exactly once.
 */
export interface QueuedRequest {
  id: string;
  endpoint: string;
  request: TranslateRequest;
  enqueuedAt: number;
}

export interface OfflineQueue {
  put(item: QueuedRequest): Promise<void>;
  remove(id: string): Promise<void>;
  /** Oldest first. */
  list(): Promise<QueuedRequest[]>;
}

/** idb-keyval's one-store-per-database convention: `<name>` database, `queue` store. */
export function createOfflineQueue(name = 'tandem-functions-client', store?: UseStore): OfflineQueue {
  const db = store ?? createStore(name, 'queue');
  return {
    put: (item) => set(item.id, item, db),
    remove: (id) => del(id, db),
    async list() {
      const all = await entries<string, QueuedRequest>(db);
      return all.map(([, v]) => v).sort((a, b) => a.enqueuedAt - b.enqueuedAt);
    },
  };
}
