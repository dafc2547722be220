/**
 * Storage-quota plumbing. `navigator.storage.estimate()` is the only portable view of the quota
 * (realistic only with an on-disk profile); a write that still overflows fails with a
 * `QuotaExceededError` DOMException (in IndexedDB: the transaction aborts with that error).
 */

export interface QuotaNumbers {
  usageBytes: number;
  quotaBytes: number;
  availableBytes: number;
}

export type StorageLike = Pick<StorageManager, 'estimate'> & Partial<Pick<StorageManager, 'persist' | 'persisted'>>;

export async function readQuota(storage: StorageLike | null): Promise<QuotaNumbers | undefined> {
  if (!storage) return undefined;
  const { usage, quota } = await storage.estimate();
  if (quota === undefined) return undefined;
  const usageBytes = usage ?? 0;
  return { usageBytes, quotaBytes: quota, availableBytes: Math.max(0, quota - usageBytes) };
}

export function isQuotaExceeded(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: unknown }).name === 'QuotaExceededError'
  );
}

export interface PersistenceResult {
  /** The origin's storage is persistent (exempt from eviction under storage pressure). */
  persisted: boolean;
  /** `persist()` exists here: false in workers, where only the page may ask. */
  supported: boolean;
}

/**
 * Asks the browser to keep this origin's storage. Headless Chromium resolves false, and workers
 * have no `persist()`; neither is an error, the cache just stays best-effort.
 */
export async function requestPersistence(storage: StorageLike | null): Promise<PersistenceResult> {
  if (!storage || typeof storage.persist !== 'function') return { persisted: false, supported: false };
  try {
    if (typeof storage.persisted === 'function' && (await storage.persisted())) {
      return { persisted: true, supported: true };
    }
    return { persisted: await storage.persist(), supported: true };
  } catch {
    return { persisted: false, supported: true };
  }
}
