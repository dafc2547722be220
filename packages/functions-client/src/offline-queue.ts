import { createStore, del, entries, set, type UseStore } from 'idb-keyval';

/**
 * Sanitized requests waiting for the function, persisted in IndexedDB so they survive a reload.
 * The key is the request's idempotency key: a request deleted only after the function answered,
 * and re-sent under the same key after a crash or reload, runs on the function exactly once.
 */
export interface QueuedRequest<B = unknown> {
  id: string;
  /** The client's base endpoint: each client delivers its own entries. */
  endpoint: string;
  /** The route's full URL (absent in entries written before routes were generic: `/v1/translate`). */
  url?: string;
  /** The route's path, e.g. `/v1/translate`. */
  route?: string;
  /** The sanitized body as it will be sent (the route's input and `label`). */
  request: B;
  enqueuedAt: number;
}

export interface OfflineQueue {
  /** Resolves once the IndexedDB transaction has committed: the entry survives the page. */
  put(item: QueuedRequest): Promise<void>;
  remove(id: string): Promise<void>;
  /** Oldest first. */
  list(): Promise<QueuedRequest[]>;
}

/** idb-keyval's one-store-per-database convention: `<name>` database, `queue` store. */
export function createOfflineQueue(name = 'tandem-functions-client', store?: UseStore): OfflineQueue {
  const db = store ?? createStore(name, 'queue');
  return {
    // idb-keyval's set resolves on the transaction's `complete` event, i.e. after the commit.
    put: (item) => set(item.id, item, db),
    remove: (id) => del(id, db),
    async list() {
      const all = await entries<string, QueuedRequest>(db);
      return all.map(([, v]) => v).sort((a, b) => a.enqueuedAt - b.enqueuedAt);
    },
  };
}
