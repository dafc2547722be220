import { QuotaError } from '@tandem/core';
import { chooseEvictions } from './eviction.js';
import type { ModelStoreEvent } from './events.js';
import type { Leases } from './leases.js';
import { modelKey } from './manifest.js';
import type { ModelDb } from './model-db.js';
import { storedBytesOf } from './model-record.js';
import { readQuota, type StorageLike } from './quota.js';

export interface RoomMaker {
  /**
   * Makes sure `bytes` more can be stored for `key`, evicting least-recently-used unused other
   * models if needed. Throws QuotaError (with the numbers) when even that cannot make room;
   * evicts nothing in that case. `writeRefused`: IndexedDB just refused a write with
   * QuotaExceededError, so the estimate is known to be wrong (Chromium reports a static
   * "usage + 10 GiB" quota to pages) and the room is taken to be zero.
   */
  ensure(key: string, modelId: string, bytes: number, writeRefused?: boolean): Promise<void>;
}

export function createRoomMaker(deps: {
  db: ModelDb;
  storage: StorageLike | null;
  leases: Leases;
  headroomBytes: number;
  emit: (event: ModelStoreEvent) => void;
}): RoomMaker {
  return {
    async ensure(key, modelId, bytes, writeRefused = false) {
      const estimate = await readQuota(deps.storage);
      // No estimate (old browser, unusual context): go ahead; a failing write still ends here.
      if (!estimate && !writeRefused) return;
      const availableBytes = writeRefused ? 0 : (estimate?.availableBytes ?? 0);
      const requiredBytes = writeRefused ? bytes : bytes + deps.headroomBytes;
      const shortBy = requiredBytes - availableBytes;
      if (shortBy <= 0) return;
      const quotaError = () =>
        new QuotaError({
          modelId,
          requiredBytes,
          availableBytes,
          ...(estimate ? { usageBytes: estimate.usageBytes, quotaBytes: estimate.quotaBytes } : {}),
        });

      const records = (await deps.db.listRecords()).filter((r) => modelKey(r.id, r.version) !== key);
      const inUse = await deps.leases.inUseAnywhere();
      const byKey = new Map(records.map((r) => [modelKey(r.id, r.version), r]));
      const plan = chooseEvictions(
        records.map((r) => ({ key: modelKey(r.id, r.version), bytes: storedBytesOf(r), lastUsed: r.lastUsed })),
        shortBy,
        (k) => inUse.has(k),
      );
      if (!plan.enough) throw quotaError();
      let freed = 0;
      for (const candidate of plan.evict) {
        const record = byKey.get(candidate.key)!;
        const evicted = await deps.leases.whileUnused(candidate.key, () => deps.db.deleteModel(record.id, record.version));
        if (!evicted) continue; // taken into use since the plan was made
        freed += candidate.bytes;
        deps.emit({
          type: 'evicted',
          modelId: record.id,
          version: record.version,
          bytes: candidate.bytes,
          lastUsed: record.lastUsed,
          reason: 'quota',
        });
      }
      if (freed < shortBy) throw quotaError();
    },
  };
}
