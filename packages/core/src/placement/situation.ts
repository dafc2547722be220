import type { DeviceCapabilities } from '../capabilities.js';
import type { SensitivityLabel } from '../labels/sensitivity-label.js';

/** A remote's circuit breaker: `open` refuses calls, `half-open` lets a trial call through. */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** Everything that changes between runs and that the router weighs besides the policy. */
export interface PlacementSituation {
  readonly capabilities: DeviceCapabilities;
  readonly inputLabel: SensitivityLabel;
  readonly remoteCircuit?: CircuitState;
  /** Set by the worker host after repeated crashes of the local engine. */
  readonly localEngineUnstable?: boolean;
  /** Whether the local model is already in the model store; `undefined` when unknown. */
  readonly modelCached?: boolean;
  /** Overrides the policy's budget for this run (e.g. live captions vs batch). */
  readonly latencyBudgetMs?: number;
}
