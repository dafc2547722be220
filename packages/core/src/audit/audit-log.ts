import { explainDecision } from '../placement/explain.js';
import type { PlacementDecision } from '../placement/decision.js';

/** Where decision records go: a console, IndexedDB, an OTel exporter, a test. */
export interface AuditSink {
  write(decision: Readonly<PlacementDecision>): void;
}

/** Audit log kept in memory, oldest records dropped first; the default sink. */
export class RingBufferAuditLog implements AuditSink {
  readonly capacity: number;
  readonly #buffer: PlacementDecision[] = [];

  constructor(capacity = 256) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`Audit log capacity must be a positive integer, got ${capacity}.`);
    }
    this.capacity = capacity;
  }

  write(decision: Readonly<PlacementDecision>): void {
    this.#buffer.push(structuredClone(decision) as PlacementDecision);
    if (this.#buffer.length > this.capacity) this.#buffer.shift();
  }

  /** Copies of the kept records, oldest first. */
  records(): PlacementDecision[] {
    return this.#buffer.map((d) => structuredClone(d) as PlacementDecision);
  }

  /** One sentence per kept decision, oldest first. */
  explain(): string[] {
    return this.#buffer.map(explainDecision);
  }

  clear(): void {
    this.#buffer.length = 0;
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
