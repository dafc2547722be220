import type { StageDescriptor } from '../stage.js';
import { mayLeaveDevice } from '../labels/sensitivity-label.js';
import type { Exclusion } from './decision.js';
import type { StagePolicy } from './policy.js';
import type { PlacementSituation } from './situation.js';

/** Estimated latency of each side, for the latency-budget rule and the record. */
export function estimateLatency(
  stage: StageDescriptor,
  s: PlacementSituation,
): { local?: number; remote?: number } {
  const out: { local?: number; remote?: number } = {};
  const l = stage.local?.estimatedLatencyMs;
  if (l !== undefined) {
    const base = s.capabilities.webgpu.available ? (l.webgpu ?? l.wasm) : (l.wasm ?? l.webgpu);
    if (base !== undefined) out.local = base + (s.modelCached === false ? (l.coldStart ?? 0) : 0);
  }
  const r = stage.remote?.estimatedLatencyMs;
  if (r !== undefined) out.remote = r;
  return out;
}

/** Why the device cannot (hard) or should not (soft) run the stage, in the order rules are checked. */
export function localExclusions(
  stage: StageDescriptor,
  policy: StagePolicy,
  s: PlacementSituation,
  latency: { local?: number },
): Exclusion[] {
  const out: Exclusion[] = [];
  const hard = (rule: Exclusion['rule'], reason: string): number => out.push({ placement: 'local', rule, reason, hard: true });
  const soft = (rule: Exclusion['rule'], reason: string): number => out.push({ placement: 'local', rule, reason, hard: false });
  const local = stage.local;
  // Privacy beats the mode: input that may not leave the device (a sanitizer's, a recogniser's)
  // is device-bound under every policy, so `remote-only` cannot exclude the device for it.
  if (policy.mode === 'remote-only' && mayLeaveDevice(s.inputLabel)) hard('mode:remote-only', 'the policy allows only the remote');
  if (local === undefined) {
    hard('implementation:missing', 'the stage has no local implementation');
    return out;
  }
  if (local.requires?.webgpu === 'required' && !s.capabilities.webgpu.available) {
    hard('capability:webgpu', 'it needs WebGPU and the device has none');
  }
  if (local.requires?.wasmThreads === true && !s.capabilities.wasm.threads) {
    hard('capability:wasm-threads', 'it needs multi-threaded WASM and the page is not cross-origin isolated');
  }
  const memory = s.capabilities.deviceMemoryGiB;
  const min = local.requires?.minMemoryGiB;
  if (min !== undefined && memory !== undefined && memory < min) {
    hard('capability:memory', `it needs ${min} GiB of memory and the device reports ${memory} GiB`);
  }
  if (s.modelCached === false && !s.capabilities.online) {
    hard('capability:model-not-cached-offline', 'its model is not cached and the device is offline');
  }
  if (s.localEngineUnstable === true) soft('runtime:local-unstable', 'the local engine has been crashing');
  const budget = s.latencyBudgetMs ?? policy.latencyBudgetMs;
  if (budget !== undefined && latency.local !== undefined && latency.local > budget) {
    soft('runtime:latency-budget', `on the device it takes about ${latency.local} ms, over the ${budget} ms budget`);
  }
  if (s.capabilities.batterySaver === true && policy.batterySaver === 'prefer-remote') {
    soft('runtime:battery-saver', 'battery saver is on');
  }
  return out;
}

/** Why the remote cannot (hard) or should not (soft) run the stage. Privacy comes first. */
export function remoteExclusions(
  stage: StageDescriptor,
  policy: StagePolicy,
  s: PlacementSituation,
  latency: { remote?: number },
): Exclusion[] {
  const out: Exclusion[] = [];
  const hard = (rule: Exclusion['rule'], reason: string): number => out.push({ placement: 'remote', rule, reason, hard: true });
  const soft = (rule: Exclusion['rule'], reason: string): number => out.push({ placement: 'remote', rule, reason, hard: false });
  const remote = stage.remote;
  if (policy.mode === 'local-only') hard('mode:local-only', 'the policy allows only the device');
  // Before "no remote": a sanitizer's record should say it is device-bound by its input's label.
  if (!mayLeaveDevice(s.inputLabel)) {
    hard('privacy:label', `its input is labelled "${s.inputLabel}" and may not leave the device`);
  }
  if (remote === undefined) {
    hard('implementation:missing', 'the stage has no remote implementation');
    return out;
  }
  const residency = policy.residency;
  if (residency === 'device-only') {
    hard('residency:device-only', 'the residency rule keeps it on the device');
  } else if (residency !== undefined && !residency.regions.includes(remote.region)) {
    hard('residency:region', `the remote runs in "${remote.region}", outside the allowed ${residency.regions.map((r) => `"${r}"`).join(', ')}`);
  }
  if (!s.capabilities.online) hard('runtime:offline', 'the device is offline');
  const circuit = s.remoteCircuit ?? 'closed';
  if (circuit === 'open') hard('runtime:circuit-open', "the remote's circuit is open after recent failures");
  if (circuit === 'half-open') soft('runtime:circuit-half-open', "the remote's circuit is half-open (on probation)");
  const budget = s.latencyBudgetMs ?? policy.latencyBudgetMs;
  if (budget !== undefined && latency.remote !== undefined && latency.remote > budget) {
    soft('runtime:latency-budget', `remotely it takes about ${latency.remote} ms, over the ${budget} ms budget`);
  }
  return out;
}
