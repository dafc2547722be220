import { z } from 'zod';
import { ValidationError } from '../errors/runtime-errors.js';

/**
 * Placement policy as declarative, versioned data. It is validated (zod) at the edge, so a policy
 * loaded from JSON or a remote config fails loudly with every issue instead of routing wrongly.
 */
export const PLACEMENT_MODES = ['prefer-local', 'local-only', 'prefer-remote', 'remote-only'] as const;
export type PlacementMode = (typeof PLACEMENT_MODES)[number];

const modeSchema = z.enum(PLACEMENT_MODES);

/** `device-only`: never leaves the device. `{ regions }`: remote only in these regions. */
const residencySchema = z.union([
  z.literal('device-only'),
  z.object({ regions: z.array(z.string().min(1)).min(1) }).strict(),
]);
export type ResidencyRule = z.infer<typeof residencySchema>;

const weightSchema = z.number().min(0).max(10);
const weightsSchema = z
  .object({
    privacy: weightSchema.default(1),
    cost: weightSchema.default(1),
    maintenance: weightSchema.default(1),
    capability: weightSchema.default(1),
  })
  .strict();
export type AxisWeights = z.infer<typeof weightsSchema>;

const stageOverrideSchema = z
  .object({
    mode: modeSchema.optional(),
    fallback: z.boolean().optional(),
    defer: z.boolean().optional(),
    residency: residencySchema.optional(),
    latencyBudgetMs: z.number().positive().optional(),
    // Not `weightsSchema.partial()`: its inner defaults would silently reset the global weights.
    weights: z
      .object({
        privacy: weightSchema.optional(),
        cost: weightSchema.optional(),
        maintenance: weightSchema.optional(),
        capability: weightSchema.optional(),
      })
      .strict()
      .optional(),
    expectedCallsPerDay: z.number().min(0).optional(),
  })
  .strict();
export type StagePolicyOverride = z.infer<typeof stageOverrideSchema>;

export const placementPolicySchema = z
  .object({
    /** Recorded in every decision, so an audit entry names the policy that made it. */
    version: z.string().min(1),
    mode: modeSchema.default('prefer-local'),
    /** Try the other side when the chosen one fails (never across the privacy boundary). */
    fallback: z.boolean().default(true),
    /**
     * Defer a stage whose remote is only unreachable (offline, open circuit) instead of refusing
     * it, when the stage's remote declares `deferrable` (its transport queues requests).
     */
    defer: z.boolean().default(true),
    residency: residencySchema.optional(),
    latencyBudgetMs: z.number().positive().optional(),
    /** What battery saver does: move work off the device when allowed, or nothing. */
    batterySaver: z.enum(['prefer-remote', 'ignore']).default('prefer-remote'),
    /** Devices reporting less memory than this count as low-memory on the capability axis. */
    lowMemoryGiB: z.number().positive().default(4),
    /** Monthly remote spend at which the cost axis is half-way to favouring local. */
    costScaleUsdPerMonth: z.number().positive().default(10),
    /** How far the weighted axes must lean the other way to override a prefer-* mode. */
    overrideMargin: z.number().min(0).default(1.5),
    weights: weightsSchema.default({ privacy: 1, cost: 1, maintenance: 1, capability: 1 }),
    stages: z.record(z.string().min(1), stageOverrideSchema).default({}),
  })
  .strict();

/** A validated policy (defaults filled in). */
export type PlacementPolicy = z.infer<typeof placementPolicySchema>;
/** What a caller writes: defaults may be omitted. */
export type PlacementPolicyInput = z.input<typeof placementPolicySchema>;

/** Validates untrusted policy data; throws a `ValidationError` listing every issue by path. */
export function parsePolicy(input: unknown): PlacementPolicy {
  const result = placementPolicySchema.safeParse(input);
  if (result.success) return deepFreeze(result.data);
  throw new ValidationError({
    what: 'placement policy',
    issues: result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
  });
}

/** Typed helper for policies written in TypeScript; validates like {@link parsePolicy}. */
export function definePolicy(input: PlacementPolicyInput): PlacementPolicy {
  return parsePolicy(input);
}

/** The policy as it applies to one stage, after per-stage overrides. */
export interface StagePolicy {
  readonly version: string;
  readonly mode: PlacementMode;
  readonly fallback: boolean;
  readonly defer: boolean;
  readonly residency?: ResidencyRule;
  readonly latencyBudgetMs?: number;
  readonly batterySaver: PlacementPolicy['batterySaver'];
  readonly lowMemoryGiB: number;
  readonly costScaleUsdPerMonth: number;
  readonly overrideMargin: number;
  readonly weights: AxisWeights;
  readonly expectedCallsPerDay?: number;
  /** True when a per-stage override exists (named in explanations). */
  readonly overridden: boolean;
}

export function resolveStagePolicy(policy: PlacementPolicy, stage: string): StagePolicy {
  const o = Object.hasOwn(policy.stages, stage) ? policy.stages[stage] : undefined;
  const residency = o?.residency ?? policy.residency;
  const latencyBudgetMs = o?.latencyBudgetMs ?? policy.latencyBudgetMs;
  return {
    version: policy.version,
    mode: o?.mode ?? policy.mode,
    fallback: o?.fallback ?? policy.fallback,
    defer: o?.defer ?? policy.defer,
    ...(residency === undefined ? {} : { residency }),
    ...(latencyBudgetMs === undefined ? {} : { latencyBudgetMs }),
    ...(o?.expectedCallsPerDay === undefined ? {} : { expectedCallsPerDay: o.expectedCallsPerDay }),
    batterySaver: policy.batterySaver,
    lowMemoryGiB: policy.lowMemoryGiB,
    costScaleUsdPerMonth: policy.costScaleUsdPerMonth,
    overrideMargin: policy.overrideMargin,
    weights: mergeWeights(policy.weights, o?.weights),
    overridden: o !== undefined,
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function mergeWeights(base: AxisWeights, over: StagePolicyOverride['weights']): AxisWeights {
  return {
    privacy: over?.privacy ?? base.privacy,
    cost: over?.cost ?? base.cost,
    maintenance: over?.maintenance ?? base.maintenance,
    capability: over?.capability ?? base.capability,
  };
}
