/**
 * In-use leases. A model handed to a runtime is "in use" until its holder calls `release()`;
 * eviction never deletes a model in use. Within a page a refcount answers; across tabs and
 * workers of the origin each lease also holds a *shared* Web Lock, and eviction takes the
 * *exclusive* lock with `ifAvailable`, so it skips a model another context is using and a
 * context that starts using a model mid-eviction waits until the deletion is over.
 */
export interface Leases {
  /** Resolves once the lease is held (after any eviction of the same model finishes). */
  acquire(key: string): Promise<() => void>;
  inUseHere(key: string): boolean;
  /** Keys in use in any context of the origin (this one included). */
  inUseAnywhere(): Promise<Set<string>>;
  /** Runs `fn` holding the exclusive lock if no context uses `key`; false if one does. */
  whileUnused(key: string, fn: () => Promise<void>): Promise<boolean>;
}

export function createLeases(prefix: string, locks: LockManager | null): Leases {
  const counts = new Map<string, number>();
  const lockName = (key: string) => `${prefix}/use/${key}`;

  const drop = (key: string) => {
    const n = (counts.get(key) ?? 1) - 1;
    if (n <= 0) counts.delete(key);
    else counts.set(key, n);
  };

  return {
    async acquire(key) {
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (!locks) return once(() => drop(key));
      let unlock!: () => void;
      const held = new Promise<void>((resolve) => (unlock = resolve));
      await new Promise<void>((granted, failed) => {
        locks.request(lockName(key), { mode: 'shared' }, () => (granted(), held)).catch(failed);
      }).catch((error: unknown) => {
        drop(key);
        throw error;
      });
      return once(() => {
        drop(key);
        unlock();
      });
    },
    inUseHere: (key) => (counts.get(key) ?? 0) > 0,
    async inUseAnywhere() {
      const keys = new Set(counts.keys());
      if (locks) {
        const state = await locks.query();
        const start = `${prefix}/use/`;
        for (const lock of state.held ?? []) {
          if (lock.name?.startsWith(start)) keys.add(lock.name.slice(start.length));
        }
      }
      return keys;
    },
    async whileUnused(key, fn) {
      if ((counts.get(key) ?? 0) > 0) return false;
      if (!locks) {
        await fn();
        return true;
      }
      return locks.request(lockName(key), { mode: 'exclusive', ifAvailable: true }, async (lock) => {
        if (lock === null) return false;
        await fn();
        return true;
      });
    },
  };
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}
