import { expect, it } from 'vitest';
import {
  PLACEMENT_MODES,
  decidePlacement,
  definePolicy,
  type DecisionRule,
  type Placement,
  type PlacementChoice,
  type PlacementMode,
  type PlacementPolicyInput,
  type PlacementSituation,
  type StageDescriptor,
} from '../index.js';
import { translateStage } from './situations.js';

/** Shared by the placement table files: a row's shape and the checks every row must pass. */
export type Expect = readonly [choice: PlacementChoice, rule: DecisionRule, order?: readonly Placement[]];

export interface Row {
  readonly name: string;
  readonly situation: PlacementSituation;
  readonly stage?: StageDescriptor;
  readonly policy?: Partial<PlacementPolicyInput>;
  readonly expect: Readonly<Record<PlacementMode, Expect>>;
}

/** One test per row and mode: the expected [choice, rule, order?], then the invariants of every decision. */
export function itDecidesEveryMode(rows: readonly Row[]): void {
  const cases = rows.flatMap((row) => PLACEMENT_MODES.map((mode) => ({ row, mode, label: `${mode} | ${row.name}` })));

  it.each(cases)('$label', ({ row, mode }) => {
    const policy = definePolicy({ version: 'table-1', ...row.policy, mode });
    const decision = decidePlacement(row.stage ?? translateStage, policy, row.situation);
    const [choice, rule, order] = row.expect[mode];
    expect({ choice: decision.choice, rule: decision.rule }).toEqual({ choice, rule });
    if (order !== undefined) expect(decision.order).toEqual(order);
    // Invariants that hold in every situation:
    expect(decision.policyVersion).toBe('table-1');
    if (decision.choice === 'local' || decision.choice === 'remote') expect(decision.order[0]).toBe(decision.choice);
    const sensitive = row.situation.inputLabel === 'raw' || row.situation.inputLabel === 'personal';
    if (sensitive) expect(decision.order).not.toContain('remote');
    if (mode === 'local-only' && !row.policy?.stages) expect(decision.order).not.toContain('remote');
    // remote-only never uses the device, except for input that may not leave it (privacy first).
    if (mode === 'remote-only' && !row.policy?.stages && !sensitive) expect(decision.order).not.toContain('local');
    if (sensitive && decision.choice !== 'none') expect(decision.order).toEqual(['local']);
    // A deferral only ever queues leavable input for the remote, and only for a deferrable stage.
    if (decision.choice === 'deferred') {
      expect(sensitive).toBe(false);
      expect(decision.order).toEqual(['remote']);
      expect((row.stage ?? translateStage).remote?.deferrable).toBe(true);
    }
  });
}
