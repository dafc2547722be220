import type { OfflineQueue, QueuedRequest } from './offline-queue.js';

/**
 * Calls in flight on a session channel, each kept in the offline queue from before it is sent
 * until it is answered. A reload (or a crash) in between leaves the record there, and the next
 * page's delivery loop sends it again under the same idempotency key: the function runs it once
 * (or replays the answer it kept), and the `delivered` event brings the answer to the new page.
 * Without the record the call was lost with the page that sent it.
 */
export interface InFlightRecords {
  /** Keys this page is sending now: its own delivery loop leaves them alone, so none goes twice at once. */
  readonly keys: ReadonlySet<string>;
  /**
   * Keeps the call; resolves once the IndexedDB transaction committed, before the call is sent.
   * `false` when the store refused (quota, no IndexedDB): the call still goes, unrecorded, as it
   * did before records existed.
   */
  begin(item: QueuedRequest): Promise<boolean>;
  /**
   * The call ended in this page. `keep`: it stays queued for the delivery loop (it was deferred
   * into the queue anyway); otherwise its record goes, in the background, and its key stays
   * reserved until the delete committed, so the loop never re-sends an answered call.
   */
  end(id: string, keep: boolean): void;
}

export function createInFlightRecords(queue: OfflineQueue): InFlightRecords {
  const keys = new Set<string>();
  return {
    keys,
    async begin(item) {
      keys.add(item.id);
      try {
        await queue.put(item);
        return true;
      } catch {
        keys.delete(item.id);
        return false;
      }
    },
    end(id, keep) {
      if (keep) {
        keys.delete(id);
        return;
      }
      void queue
        .remove(id)
        .catch(() => undefined)
        .finally(() => keys.delete(id));
    },
  };
}
