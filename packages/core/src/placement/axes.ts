import type { StageDescriptor } from '../stage.js';
import { AXES, type Axis, type AxisScore } from './decision.js';
import type { StagePolicy } from './policy.js';
import type { PlacementSituation } from './situation.js';

const GIB = 1024 ** 3;

const clamp = (n: number): number => Math.max(-1, Math.min(1, n));
const round = (n: number): number => Math.round(n * 1000) / 1000;

function privacy(stage: StageDescriptor, policy: StagePolicy, s: PlacementSituation): [number, string] {
  if (s.inputLabel === 'raw' || s.inputLabel === 'personal') {
    return [1, `input labelled "${s.inputLabel}" must stay on the device`];
  }
  const residency = policy.residency;
  if (residency === 'device-only') return [1, 'the policy keeps this stage on the device'];
  if (residency !== undefined) {
    const region = stage.remote?.region;
    return region !== undefined && residency.regions.includes(region)
      ? [0.5, `remote allowed only in ${residency.regions.join('/')} (it runs in ${region})`]
      : [1, `remote region ${region ?? 'unknown'} is outside ${residency.regions.join('/')}`];
  }
  return s.inputLabel === 'sanitized'
    ? [0.25, 'sanitized data may leave, but staying on the device exposes less']
    : [0, 'public data may run anywhere'];
}

function cost(stage: StageDescriptor, policy: StagePolicy): [number, string] {
  const perCall = stage.remote?.costPerCallUsd;
  if (stage.remote === undefined || perCall === undefined) return [0, 'no remote cost known'];
  const calls = policy.expectedCallsPerDay ?? stage.expectedCallsPerDay ?? 1000;
  const monthly = perCall * calls * 30;
  // Owned hardware costs nothing per call; the remote's bill grows with use.
  const score = monthly / (monthly + policy.costScaleUsdPerMonth);
  return [score, `remote ≈ $${monthly.toFixed(2)}/month at ${calls} calls/day vs owned hardware`];
}

function maintenance(stage: StageDescriptor): [number, string] {
  const local = stage.local;
  if (local === undefined) return [0, 'nothing to maintain on the device'];
  const size = Math.min(1, (local.modelBytes ?? 0) / GIB) * 0.5;
  const days = local.updateCadenceDays;
  const cadence = days === undefined ? 0 : days <= 7 ? 0.5 : days <= 30 ? 0.25 : 0;
  const sizeText = local.modelBytes === undefined ? 'no model' : `a ${(local.modelBytes / 1e6).toFixed(0)} MB model`;
  const cadenceText = days === undefined ? '' : ` updated every ${days} days`;
  return [-(size + cadence), `shipping ${sizeText}${cadenceText} to every device`];
}

function capability(stage: StageDescriptor, policy: StagePolicy, s: PlacementSituation): [number, string] {
  const local = stage.local;
  if (local === undefined) return [0, 'no local implementation'];
  let score = 0;
  const notes: string[] = [];
  if (local.requires?.webgpu !== undefined) {
    score += s.capabilities.webgpu.available ? 0.5 : -0.5;
    notes.push(s.capabilities.webgpu.available ? 'WebGPU available' : 'no WebGPU');
  }
  if (s.modelCached !== undefined) {
    score += s.modelCached ? 0.25 : -0.25;
    notes.push(s.modelCached ? 'model cached' : 'model not cached');
  }
  const memory = s.capabilities.deviceMemoryGiB;
  if (memory !== undefined && memory < policy.lowMemoryGiB) {
    score -= 0.5;
    notes.push(`low memory (${memory} GiB)`);
  }
  if (s.localEngineUnstable === true) {
    score -= 0.5;
    notes.push('local engine unstable');
  }
  return [score, notes.length === 0 ? 'device meets the stage needs' : notes.join(', ')];
}

/** Scores the four axes (positive favours the device) and their weighted total. */
export function scoreAxes(
  stage: StageDescriptor,
  policy: StagePolicy,
  situation: PlacementSituation,
): { scores: Record<Axis, AxisScore>; total: number } {
  const raw: Record<Axis, [number, string]> = {
    privacy: privacy(stage, policy, situation),
    cost: cost(stage, policy),
    maintenance: maintenance(stage),
    capability: capability(stage, policy, situation),
  };
  let total = 0;
  const scores = {} as Record<Axis, AxisScore>;
  for (const axis of AXES) {
    const [score, reason] = raw[axis];
    const weight = policy.weights[axis];
    scores[axis] = { score: round(clamp(score)), weight, reason };
    total += weight * clamp(score);
  }
  return { scores, total: round(total) };
}
