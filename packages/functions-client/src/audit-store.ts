import { auditEntry, type AuditEntry, type AuditStore, type PlacementDecision } from '@tandem/core';
import { clear, createStore, promisifyRequest, type UseStore } from 'idb-keyval';

/**
 * Core's audit log, kept in IndexedDB so the decisions of a page survive its reload (a deferred
 * translation is often decided in one page and delivered in the next). It lives here because this
 * is the package that already persists the browser's Tandem state (the offline queue, through
 * idb-keyval); core stays free of storage code.
 */
export interface IndexedDbAuditStoreOptions {
  /** Database name (idb-keyval: one object store per database). Default `tandem-audit`. */
  name?: string;
  /** Entries kept; past it the oldest decisions go. Default 1 024. */
  capacity?: number;
  /** An idb-keyval store to use instead (tests, or a database shared with other data). */
  store?: UseStore;
  /** A write IndexedDB refused (quota, private mode). Default: `console.warn`; the router never waits on the log. */
  onError?: (error: unknown) => void;
}

/** What is stored: the entry and its write order (decisions made in the same millisecond keep it). */
interface StoredEntry extends AuditEntry {
  readonly page: number;
  readonly seq: number;
}

function byDecisionOrder(a: StoredEntry, b: StoredEntry): number {
  return a.decision.at - b.decision.at || a.page - b.page || a.seq - b.seq;
}

/**
 * An `AuditStore` in IndexedDB. Keys are `[decision.at, decision.id]`, so the object store's key
 * order is oldest decision first (trimming deletes from the front) and a decision written again
 * (a deferred one once it ran, in this page or after a reload) replaces its own entry. Writes are
 * queued in order; `list()` waits for the ones before it.
 */
export function createIndexedDbAuditStore(options: IndexedDbAuditStoreOptions = {}): AuditStore {
  const capacity = options.capacity ?? 1024;
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`Audit log capacity must be a positive integer, got ${capacity}.`);
  const db = options.store ?? createStore(options.name ?? 'tandem-audit', 'decisions');
  const onError = options.onError ?? ((error: unknown) => console.warn('audit record not stored', error));
  const page = typeof performance === 'undefined' ? Date.now() : performance.timeOrigin;
  let seq = 0;
  let writes: Promise<unknown> = Promise.resolve();

  function put(entry: StoredEntry, key: [number, string]): Promise<void> {
    return db('readwrite', async (s) => {
      const existing = (await promisifyRequest(s.get(key))) as StoredEntry | undefined;
      // A supersede keeps the first write's place in the order.
      s.put(existing ? { ...entry, page: existing.page, seq: existing.seq } : entry, key);
      const excess = (await promisifyRequest(s.count())) - capacity;
      if (excess > 0) for (const old of await promisifyRequest(s.getAllKeys(null, excess))) s.delete(old);
      await promisifyRequest(s.transaction);
    });
  }

  return {
    capacity,
    write(decision: Readonly<PlacementDecision>) {
      const entry: StoredEntry = { ...auditEntry(decision), page, seq: seq++ };
      writes = writes.then(() => put(entry, [decision.at, decision.id])).catch(onError);
    },
    async list() {
      await writes;
      const all = (await db('readonly', (s) => promisifyRequest(s.getAll()))) as StoredEntry[];
      return all.sort(byDecisionOrder).map(({ key, state, decision }) => ({ key, state, decision }));
    },
    clear() {
      const cleared = writes.then(() => clear(db));
      writes = cleared.catch(onError);
      return cleared;
    },
  };
}
