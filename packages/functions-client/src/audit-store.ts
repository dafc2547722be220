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

/**
 * The entry's IndexedDB key: `[at, n, id]`, where `n` is the number core's router puts at the end
 * of a decision id (`translate#12`, a per-page counter). Key order is then decision order, also
 * within one millisecond (as text, `#10` would sort before `#2`), so trimming deletes from the
 * front; and the key is the decision's own, so writing it again replaces its entry. An id of
 * another shape sorts by time only.
 */
function entryKey(decision: Readonly<PlacementDecision>): [number, number, string] {
  const n = /#(\d+)$/.exec(decision.id)?.[1];
  return [decision.at, n === undefined ? 0 : Number(n), decision.id];
}

/**
 * An `AuditStore` in IndexedDB, one entry per decision under {@link entryKey}: a decision written
 * again (a deferred one once it ran, in this page or after a reload) replaces its entry in place.
 * Writes are queued in order; `list()` waits for the ones before it.
 */
export function createIndexedDbAuditStore(options: IndexedDbAuditStoreOptions = {}): AuditStore {
  const capacity = options.capacity ?? 1024;
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`Audit log capacity must be a positive integer, got ${capacity}.`);
  const db = options.store ?? createStore(options.name ?? 'tandem-audit', 'decisions');
  const onError = options.onError ?? ((error: unknown) => console.warn('audit record not stored', error));
  let writes: Promise<unknown> = Promise.resolve();

  function put(entry: AuditEntry): Promise<void> {
    return db('readwrite', async (s) => {
      s.put(entry, entryKey(entry.decision));
      const excess = (await promisifyRequest(s.count())) - capacity;
      if (excess > 0) for (const old of await promisifyRequest(s.getAllKeys(null, excess))) s.delete(old);
      await promisifyRequest(s.transaction);
    });
  }

  return {
    capacity,
    write(decision: Readonly<PlacementDecision>) {
      const entry = auditEntry(decision);
      writes = writes.then(() => put(entry)).catch(onError);
    },
    async list() {
      await writes;
      return db('readonly', (s) => promisifyRequest(s.getAll() as IDBRequest<AuditEntry[]>));
    },
    clear() {
      const cleared = writes.then(() => clear(db));
      writes = cleared.catch(onError);
      return cleared;
    },
  };
}
