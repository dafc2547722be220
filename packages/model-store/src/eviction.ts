/**
 * Which cached models to delete to make room: least recently used first, never one in use,
 * never the one being stored. All-or-nothing: if evicting every candidate would still not free
 * enough, nothing is chosen, because destroying caches for a download that fails anyway helps
 * no one.
 */

export interface EvictionCandidate {
  key: string;
  /** Bytes the model occupies in the store (stored chunks, not the manifest size). */
  bytes: number;
  /** Epoch ms of the last load. */
  lastUsed: number;
}

export interface EvictionPlan {
  evict: EvictionCandidate[];
  freedBytes: number;
  enough: boolean;
}

export function chooseEvictions(
  candidates: readonly EvictionCandidate[],
  neededBytes: number,
  isProtected: (key: string) => boolean,
): EvictionPlan {
  if (neededBytes <= 0) return { evict: [], freedBytes: 0, enough: true };
  const ordered = candidates
    .filter((c) => !isProtected(c.key))
    .sort((a, b) => a.lastUsed - b.lastUsed || a.key.localeCompare(b.key));
  const evict: EvictionCandidate[] = [];
  let freedBytes = 0;
  for (const candidate of ordered) {
    if (freedBytes >= neededBytes) break;
    evict.push(candidate);
    freedBytes += candidate.bytes;
  }
  if (freedBytes < neededBytes) return { evict: [], freedBytes: 0, enough: false };
  return { evict, freedBytes, enough: true };
}
