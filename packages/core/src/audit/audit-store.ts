import type { PlacementDecision } from '../placement/decision.js';
import type { AuditSink } from './audit-log.js';

/**
 * One decision as an audit store keeps it. A deferred decision is written twice under one id
 * (when it was deferred, then with `ranOn` once it ran); a store keeps ONE entry per decision,
 * so the export has no ambiguous duplicate rows: the settled write supersedes the pending one,
 * whose state the decision itself still tells (`choice: 'deferred'` with a `ranOn`).
 */
export interface AuditEntry {
  /** Identifies the decision across page loads (see {@link auditKey}). */
  readonly key: string;
  /**
   * `pending`: written before the stage ran (a deferred decision waiting for delivery; the page
   * may have closed since). `settled`: its outcome (`ranOn`) is recorded.
   */
  readonly state: 'pending' | 'settled';
  /** The record; `decision.policyVersion` names the policy that made it. */
  readonly decision: PlacementDecision;
}

/**
 * An audit sink that can be read back and cleared: the log a user exports. Bounded: past
 * `capacity` entries the oldest decisions go. `write` stays synchronous (the router never waits
 * on the log); a persistent store orders its writes, and `list` sees every earlier write.
 */
export interface AuditStore extends AuditSink {
  readonly capacity: number;
  /** Kept entries, oldest decision first. */
  list(): Promise<AuditEntry[]>;
  clear(): Promise<void>;
}

/**
 * A decision's identity in a log that outlives the page: its id is a per-page counter
 * (`translate#3` again after a reload), so the time it was made is part of the key.
 */
export function auditKey(decision: Readonly<PlacementDecision>): string {
  return `${decision.at}:${decision.id}`;
}

/** The entry a store keeps for a write of `decision` (a structured-clone copy). */
export function auditEntry(decision: Readonly<PlacementDecision>): AuditEntry {
  return {
    key: auditKey(decision),
    state: decision.ranOn === undefined ? 'pending' : 'settled',
    decision: structuredClone(decision) as PlacementDecision,
  };
}
