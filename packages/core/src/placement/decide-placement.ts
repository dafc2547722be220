import type { Placement } from '../errors/placement-errors.js';
import type { StageDescriptor } from '../stage.js';
import { scoreAxes } from './axes.js';
import type { DecisionRule, Exclusion, PlacementChoice, PlacementDecision } from './decision.js';
import { estimateLatency, localExclusions, remoteExclusions } from './exclusions.js';
import { resolveStagePolicy, type PlacementPolicy, type StagePolicy } from './policy.js';
import type { PlacementSituation } from './situation.js';

let decisionCounter = 0;

export interface DecideOptions {
  readonly now?: () => number;
}

const other = (p: Placement): Placement => (p === 'local' ? 'remote' : 'local');

interface Choice {
  readonly choice: PlacementChoice;
  readonly rule: DecisionRule;
  readonly because: string;
}

const UNREACHABLE = new Set<DecisionRule>(['runtime:offline', 'runtime:circuit-open']);

/**
 * Deferral: nothing can run now, but the remote is only unreachable (offline, open circuit),
 * its transport queues requests, the input may leave the device and the policy allows it.
 * Every other hard reason (mode, privacy, residency, a missing remote) still refuses.
 */
function deferral(stage: StageDescriptor, policy: StagePolicy, remote: readonly Exclusion[]): Choice | undefined {
  if (stage.remote?.deferrable !== true || !policy.defer) return undefined;
  // Only called once the remote has a hard exclusion, so `every` is never vacuously true.
  const hard = remote.filter((e) => e.hard);
  if (!hard.every((e) => UNREACHABLE.has(e.rule))) return undefined;
  const offline = hard.some((e) => e.rule === 'runtime:offline');
  const why = offline ? 'the device is offline' : "the remote's circuit is open";
  return {
    choice: 'deferred',
    rule: offline ? 'defer:offline' : 'defer:circuit-open',
    because: `${why} and nothing else can run it, so its request waits in the transport's queue and runs remotely once delivered`,
  };
}

function choose(
  stage: StageDescriptor,
  policy: StagePolicy,
  total: number,
  local: readonly Exclusion[],
  remote: readonly Exclusion[],
): Choice {
  const localHard = local.find((e) => e.hard);
  const remoteHard = remote.find((e) => e.hard);
  const preferred: Placement = policy.mode === 'prefer-local' || policy.mode === 'local-only' ? 'local' : 'remote';
  if (localHard !== undefined && remoteHard !== undefined) {
    const deferred = deferral(stage, policy, remote);
    if (deferred !== undefined) return deferred;
    // Privacy is named first when it blocked an existing remote: it is what the caller must fix.
    const privacy = remote.find((e) => e.hard && /^(privacy|residency):/.test(e.rule));
    const remoteExists = !remote.some((e) => e.rule === 'implementation:missing');
    const blocking = privacy !== undefined && remoteExists ? privacy : preferred === 'local' ? localHard : remoteHard;
    return { choice: 'none', rule: blocking.rule, because: blocking.reason };
  }
  if (remoteHard !== undefined) {
    // Under remote-only, the only way a stage lands here with a local side left is privacy: say so.
    const because =
      policy.mode === 'remote-only' && remoteHard.rule === 'privacy:label'
        ? `${remoteHard.reason}, so it is device-bound even under remote-only (privacy beats the mode)`
        : remoteHard.reason;
    return { choice: 'local', rule: remoteHard.rule, because };
  }
  if (localHard !== undefined) return { choice: 'remote', rule: localHard.rule, because: localHard.reason };

  // Both sides can run: the mode's preference, unless the weighted axes lean hard the other way.
  let pick: Choice =
    preferred === 'local'
      ? { choice: 'local', rule: 'mode:prefer-local', because: 'the policy prefers the device' }
      : { choice: 'remote', rule: 'mode:prefer-remote', because: 'the policy prefers the remote' };
  if (preferred === 'local' && total < -policy.overrideMargin) {
    pick = { choice: 'remote', rule: 'axes:override', because: `the weighted axes favour the remote (total ${total}, margin ${policy.overrideMargin})` };
  } else if (preferred === 'remote' && total > policy.overrideMargin) {
    pick = { choice: 'local', rule: 'axes:override', because: `the weighted axes favour the device (total ${total}, margin ${policy.overrideMargin})` };
  }
  // A runtime penalty (unstable engine, latency budget, battery, half-open circuit) moves the
  // stage only when the other side is free of penalties; the penalised side stays as fallback.
  const picked = pick.choice === 'local' ? local : remote;
  const alternative = pick.choice === 'local' ? remote : local;
  const penalty = picked[0];
  if (penalty !== undefined && alternative.length === 0 && (pick.choice === 'local' || pick.choice === 'remote')) {
    return { choice: other(pick.choice), rule: penalty.rule, because: penalty.reason };
  }
  return pick;
}

/**
 * Decides where one stage runs. Pure: the same stage, policy and situation give the same decision,
 * which is what makes the table tests and the audit log meaningful.
 */
export function decidePlacement(
  stage: StageDescriptor,
  policy: PlacementPolicy,
  situation: PlacementSituation,
  options: DecideOptions = {},
): PlacementDecision {
  const stagePolicy = resolveStagePolicy(policy, stage.name);
  const latency = estimateLatency(stage, situation);
  const local = localExclusions(stage, stagePolicy, situation, latency);
  const remote = remoteExclusions(stage, stagePolicy, situation, latency);
  const { scores, total } = scoreAxes(stage, stagePolicy, situation);
  const { choice, rule, because } = choose(stage, stagePolicy, total, local, remote);
  let order: Placement[];
  if (choice === 'none') order = [];
  else if (choice === 'deferred') order = ['remote'];
  else {
    const fallbackViable = stagePolicy.fallback && !(choice === 'local' ? remote : local).some((e) => e.hard);
    order = fallbackViable ? [choice, other(choice)] : [choice];
  }
  decisionCounter += 1;
  const caps = situation.capabilities;
  return {
    id: `${stage.name}#${decisionCounter}`,
    at: (options.now ?? Date.now)(),
    stage: stage.name,
    policyVersion: policy.version,
    mode: stagePolicy.mode,
    stageOverride: stagePolicy.overridden,
    inputLabel: situation.inputLabel,
    choice,
    order,
    rule,
    because,
    scores,
    total,
    excluded: [...local, ...remote],
    situation: {
      online: caps.online,
      webgpu: caps.webgpu.available,
      ...(caps.deviceMemoryGiB === undefined ? {} : { deviceMemoryGiB: caps.deviceMemoryGiB }),
      batterySaver: caps.batterySaver === true,
      remoteCircuit: situation.remoteCircuit ?? 'closed',
      localEngineUnstable: situation.localEngineUnstable === true,
      ...(situation.modelCached === undefined ? {} : { modelCached: situation.modelCached }),
      ...((situation.latencyBudgetMs ?? stagePolicy.latencyBudgetMs) === undefined
        ? {}
        : { latencyBudgetMs: situation.latencyBudgetMs ?? stagePolicy.latencyBudgetMs }),
      estimatedLatencyMs: latency,
    },
    fallbacksTried: [],
  };
}
