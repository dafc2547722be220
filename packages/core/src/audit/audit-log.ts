import { explainDecision } from '../placement/explain.js';
import type { PlacementDecision } from '../placement/decision.js';
import { auditEntry, type AuditEntry, type AuditStore } from './audit-store.js';

/** Where decision records go: a console, IndexedDB, an OTel exporter, a test. */
export interface AuditSink {
  write(decision: Readonly<PlacementDecision>): void;
}

/**
 * Audit log kept in memory, oldest records dropped first; the default sink. A second write of a
 * decision (a deferred one, once it ran) supersedes the first in place, as every `AuditStore` does.
 */
export class RingBufferAuditLog implements AuditStore {
  readonly capacity: number;
  readonly #buffer: AuditEntry[] = [];

  constructor(capacity = 256) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`Audit log capacity must be a positive integer, got ${capacity}.`);
    }
    this.capacity = capacity;
  }

  write(decision: Readonly<PlacementDecision>): void {
    const entry = auditEntry(decision);
    const at = this.#buffer.findIndex((e) => e.key === entry.key);
    if (at >= 0) {
      this.#buffer[at] = entry;
      return;
    }
    this.#buffer.push(entry);
    if (this.#buffer.length > this.capacity) this.#buffer.shift();
  }

  /** Copies of the kept records, oldest first. */
  records(): PlacementDecision[] {
    return this.#buffer.map((e) => structuredClone(e.decision) as PlacementDecision);
  }

  list(): Promise<AuditEntry[]> {
    return Promise.resolve(this.#buffer.map((e) => ({ ...e, decision: structuredClone(e.decision) as PlacementDecision })));
  }

  /** One sentence per kept decision, oldest first. */
  explain(): string[] {
    return this.#buffer.map((e) => explainDecision(e.decision));
  }

  clear(): Promise<void> {
    this.#buffer.length = 0;
    return Promise.resolve();
  }
}

/** Sends every record to several sinks (e.g. the ring buffer and a remote logger). */
export function fanOutAuditSink(...sinks: AuditSink[]): AuditSink {
  return {
    write(decision) {
      for (const sink of sinks) sink.write(decision);
    },
  };
}
