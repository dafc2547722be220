import type { Placement } from '../errors/placement-errors.js';
import type { SerializedError } from '../errors/serialized-error.js';
import type { SensitivityLabel } from '../labels/sensitivity-label.js';
import type { PlacementMode } from './policy.js';
import type { CircuitState } from './situation.js';

export const AXES = ['privacy', 'cost', 'maintenance', 'capability'] as const;
export type Axis = (typeof AXES)[number];

/** One axis's view: positive favours the device, negative the remote, in [-1, 1]. */
export interface AxisScore {
  readonly score: number;
  readonly weight: number;
  readonly reason: string;
}

/**
 * Rules that can decide a placement, in the order they are checked: hard exclusions first
 * (mode, privacy, residency, availability), then soft runtime penalties, then the mode's
 * preference, which the weighted axes may override. `defer:*` decide when both sides are
 * excluded but the remote is only unreachable and its transport queues (see `deferrable`).
 */
export type DecisionRule =
  | 'mode:local-only'
  | 'mode:remote-only'
  | 'implementation:missing'
  | 'privacy:label'
  | 'residency:device-only'
  | 'residency:region'
  | 'runtime:offline'
  | 'runtime:circuit-open'
  | 'capability:webgpu'
  | 'capability:wasm-threads'
  | 'capability:memory'
  | 'capability:model-not-cached-offline'
  | 'runtime:local-unstable'
  | 'runtime:latency-budget'
  | 'runtime:battery-saver'
  | 'runtime:circuit-half-open'
  | 'mode:prefer-local'
  | 'mode:prefer-remote'
  | 'axes:override'
  | 'defer:offline'
  | 'defer:circuit-open';

/**
 * What the router decided: a side, `deferred` (the remote runs later, when the transport
 * delivers the queued request), or `none` (nothing may run).
 */
export type PlacementChoice = Placement | 'deferred' | 'none';

export interface Exclusion {
  readonly placement: Placement;
  readonly rule: DecisionRule;
  readonly reason: string;
  /** Hard: the side cannot be used at all. Soft: avoided if the other side is viable. */
  readonly hard: boolean;
}

export interface FallbackAttempt {
  readonly placement: Placement;
  readonly error: SerializedError;
}

/** The record of one placement: what was chosen, why, and what happened. */
export interface PlacementDecision {
  readonly id: string;
  /** Epoch milliseconds. */
  readonly at: number;
  readonly stage: string;
  readonly policyVersion: string;
  readonly mode: PlacementMode;
  readonly stageOverride: boolean;
  readonly inputLabel: SensitivityLabel;
  readonly choice: PlacementChoice;
  /**
   * The chosen side, then the fallback the policy allows (never across the privacy boundary).
   * A deferred decision's order is `['remote']`: the side that runs once the request is delivered.
   */
  readonly order: readonly Placement[];
  readonly rule: DecisionRule;
  /** Human clause for the rule, e.g. `its input is labelled "raw" and may not leave the device`. */
  readonly because: string;
  readonly scores: Readonly<Record<Axis, AxisScore>>;
  /** Weighted sum of the axis scores (positive favours the device). */
  readonly total: number;
  readonly excluded: readonly Exclusion[];
  readonly situation: {
    readonly online: boolean;
    readonly webgpu: boolean;
    readonly deviceMemoryGiB?: number;
    readonly batterySaver: boolean;
    readonly remoteCircuit: CircuitState;
    readonly localEngineUnstable: boolean;
    readonly modelCached?: boolean;
    readonly latencyBudgetMs?: number;
    readonly estimatedLatencyMs: { readonly local?: number; readonly remote?: number };
  };
  /** Filled in by the pipeline: sides that failed before the one that ran. */
  fallbacksTried: FallbackAttempt[];
  /** Filled in by the pipeline: where the stage finally ran (`none` if nothing could). */
  ranOn?: Placement | 'none';
}
