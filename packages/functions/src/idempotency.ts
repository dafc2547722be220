/**
 * `Idempotency-Key` support: the first request with a key runs the provider; later requests
 * with the same key and the same body get the stored answer (`Idempotent-Replayed: true`); the
 * same key with a different body is refused (422). Only successes are stored, so a client may
 * retry a failed request under its key. Concurrent duplicates wait for the first.
 */
export interface StoredResponse {
  status: number;
  body: string;
}

interface Entry {
  fingerprint: string;
  at: number;
  done?: StoredResponse;
  pending?: Promise<StoredResponse>;
}

export interface IdempotencyStore {
  /**
   * Runs `work` once per (scope, key): returns its result and whether it was replayed.
   * Throws `IdempotencyConflict` when the key was used with another fingerprint.
   */
  run(scopedKey: string, fingerprint: string, work: () => Promise<StoredResponse>): Promise<{ response: StoredResponse; replayed: boolean }>;
}

export class IdempotencyConflict extends Error {
  override readonly name = 'IdempotencyConflict';
}

export interface MemoryIdempotencyOptions {
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

/**
 * In-memory store (per process/isolate): gone on restart, not seen by a second instance. For
 * those, `createSharedIdempotencyStore` over records every instance reaches (shared-idempotency.ts).
 */
export function createMemoryIdempotencyStore(options: MemoryIdempotencyOptions = {}): IdempotencyStore {
  const ttlMs = options.ttlMs ?? 24 * 60 * 60_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();

  function evict(): void {
    const t = now();
    for (const [k, e] of entries) {
      if (entries.size <= maxEntries && t - e.at < ttlMs) break;
      if (!e.pending) entries.delete(k);
    }
  }

  return {
    async run(scopedKey, fingerprint, work) {
      const existing = entries.get(scopedKey);
      if (existing && now() - existing.at < ttlMs) {
        if (existing.fingerprint !== fingerprint) throw new IdempotencyConflict('Idempotency-Key reused with a different request');
        if (existing.done) return { response: existing.done, replayed: true };
        if (existing.pending) return { response: await existing.pending, replayed: true };
      }
      const entry: Entry = { fingerprint, at: now() };
      entry.pending = work();
      entries.set(scopedKey, entry);
      try {
        const response = await entry.pending;
        if (response.status >= 200 && response.status < 300) {
          entry.done = response;
          delete entry.pending;
        } else {
          entries.delete(scopedKey);
        }
        evict();
        return { response, replayed: false };
      } catch (error) {
        entries.delete(scopedKey);
        throw error;
      }
    },
  };
}

/** SHA-256 hex of a string (Web Crypto: same on workerd and Node). */
export async function sha256Hex(input: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(input));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Printable ASCII, 1–255 characters (a UUID fits; whitespace and controls do not). */
export const IDEMPOTENCY_KEY = /^[\x21-\x7E]{1,255}$/;
