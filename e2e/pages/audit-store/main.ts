import { baselineCapabilities, decidePlacement, parsePolicy, type AuditEntry, type PlacementDecision, type StageDescriptor } from '@tandem/core';
import { createIndexedDbAuditStore } from '@tandem/functions-client';

/**
 * Drives @tandem/functions-client's IndexedDB audit store from Playwright, in real IndexedDB:
 * decisions come from core's router (a deferrable translate stage, offline: deferred).
 */
declare global {
  interface Window {
    auditStore: {
      /** `count` real decisions, all made at the epoch millisecond `at`. */
      decide(at: number, count: number): PlacementDecision[];
      /** Writes them (in order) to the store `name` of `capacity`, then lists it. */
      write(name: string, capacity: number, decisions: PlacementDecision[]): Promise<AuditEntry[]>;
      list(name: string, capacity: number): Promise<AuditEntry[]>;
      clear(name: string): Promise<AuditEntry[]>;
    };
  }
}

const translate: StageDescriptor = {
  name: 'translate',
  kind: 'transform',
  outputLabel: 'sanitized',
  remote: { endpoint: 'https://fn.example/v1/translate', region: 'eu', deferrable: true },
};
const policy = parsePolicy({ version: 'e2e-audit-7', mode: 'prefer-remote' });

window.auditStore = {
  decide: (at, count) =>
    Array.from({ length: count }, () => decidePlacement(translate, policy, { capabilities: baselineCapabilities({ online: false }), inputLabel: 'sanitized' }, { now: () => at })),
  async write(name, capacity, decisions) {
    const store = createIndexedDbAuditStore({ name, capacity });
    for (const d of decisions) store.write(d);
    return store.list();
  },
  list: (name, capacity) => createIndexedDbAuditStore({ name, capacity }).list(),
  async clear(name) {
    const store = createIndexedDbAuditStore({ name });
    await store.clear();
    return store.list();
  },
};
document.getElementById('status')!.textContent = 'ready';
