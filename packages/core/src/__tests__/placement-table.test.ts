import { describe, expect, it } from 'vitest';
import type { StageDescriptor } from '../index.js';
import { itDecidesEveryMode, type Row } from './placement-table-check.js';
import { GIANT_MODEL_BYTES, situation, translateStage } from './situations.js';

// The deferral rows (a remote that is only unreachable and whose transport queues) are in
// placement-deferral-table.test.ts; both files run the same checks (placement-table-check.ts).

const local = translateStage.local!;
const requiresWebGpu: StageDescriptor = { ...translateStage, local: { ...local, requires: { webgpu: 'required' } } };
const requiresThreads: StageDescriptor = { ...translateStage, local: { ...local, requires: { wasmThreads: true } } };
const giantModel: StageDescriptor = {
  ...translateStage,
  local: { ...local, modelBytes: GIANT_MODEL_BYTES, updateCadenceDays: 7 },
};
const expensiveRemote: StageDescriptor = {
  ...translateStage,
  expectedCallsPerDay: 10_000,
  remote: { ...translateStage.remote!, costPerCallUsd: 0.01 },
};
const { remote: _remote, ...withoutRemote } = translateStage;
const sanitizerStage: StageDescriptor = { name: 'redact', kind: 'sanitizer', outputLabel: 'sanitized', local: {} };

/** Each row: the situation, then the expected [choice, deciding rule, order?] for every mode. */
const rows: readonly Row[] = [
  {
    name: 'baseline: sanitized input, WebGPU, online, model cached',
    situation: situation(),
    expect: {
      'prefer-local': ['local', 'mode:prefer-local', ['local', 'remote']],
      'local-only': ['local', 'mode:local-only', ['local']],
      'prefer-remote': ['remote', 'mode:prefer-remote', ['remote', 'local']],
      'remote-only': ['remote', 'mode:remote-only', ['remote']],
    },
  },
  {
    name: 'offline',
    situation: situation({ caps: { online: false } }),
    expect: {
      'prefer-local': ['local', 'runtime:offline', ['local']],
      'local-only': ['local', 'mode:local-only', ['local']],
      'prefer-remote': ['local', 'runtime:offline', ['local']],
      'remote-only': ['none', 'runtime:offline', []],
    },
  },
  {
    name: 'offline and model not cached',
    situation: situation({ caps: { online: false }, modelCached: false }),
    expect: {
      'prefer-local': ['none', 'capability:model-not-cached-offline', []],
      'local-only': ['none', 'capability:model-not-cached-offline', []],
      'prefer-remote': ['none', 'runtime:offline', []],
      'remote-only': ['none', 'runtime:offline', []],
    },
  },
  {
    name: 'no WebGPU, stage only prefers it (WASM works)',
    situation: situation({ caps: { webgpu: { available: false, shaderF16: false } } }),
    expect: {
      'prefer-local': ['local', 'mode:prefer-local', ['local', 'remote']],
      'local-only': ['local', 'mode:local-only'],
      'prefer-remote': ['remote', 'mode:prefer-remote', ['remote', 'local']],
      'remote-only': ['remote', 'mode:remote-only'],
    },
  },
  {
    name: 'no WebGPU, stage requires it',
    stage: requiresWebGpu,
    situation: situation({ caps: { webgpu: { available: false, shaderF16: false } } }),
    expect: {
      'prefer-local': ['remote', 'capability:webgpu', ['remote']],
      'local-only': ['none', 'capability:webgpu', []],
      'prefer-remote': ['remote', 'capability:webgpu', ['remote']],
      'remote-only': ['remote', 'mode:remote-only', ['remote']],
    },
  },
  {
    name: 'no WASM threads (page not cross-origin isolated), stage requires them',
    stage: requiresThreads,
    situation: situation({ caps: { wasm: { simd: true, threads: false }, crossOriginIsolated: false } }),
    expect: {
      'prefer-local': ['remote', 'capability:wasm-threads', ['remote']],
      'local-only': ['none', 'capability:wasm-threads', []],
      'prefer-remote': ['remote', 'capability:wasm-threads', ['remote']],
      'remote-only': ['remote', 'mode:remote-only', ['remote']],
    },
  },
  {
    name: 'WASM threads available, stage requires them',
    stage: requiresThreads,
    situation: situation({ caps: { wasm: { simd: true, threads: true }, crossOriginIsolated: true } }),
    expect: {
      'prefer-local': ['local', 'mode:prefer-local', ['local', 'remote']],
      'local-only': ['local', 'mode:local-only', ['local']],
      'prefer-remote': ['remote', 'mode:prefer-remote', ['remote', 'local']],
      'remote-only': ['remote', 'mode:remote-only', ['remote']],
    },
  },
  {
    name: 'memory below the stage minimum',
    situation: situation({ caps: { deviceMemoryGiB: 1 } }),
    expect: {
      'prefer-local': ['remote', 'capability:memory', ['remote']],
      'local-only': ['none', 'capability:memory', []],
      'prefer-remote': ['remote', 'capability:memory', ['remote']],
      'remote-only': ['remote', 'mode:remote-only'],
    },
  },
  {
    name: 'low memory but above the stage minimum',
    situation: situation({ caps: { deviceMemoryGiB: 3 } }),
    expect: {
      'prefer-local': ['local', 'mode:prefer-local', ['local', 'remote']],
      'local-only': ['local', 'mode:local-only'],
      'prefer-remote': ['remote', 'mode:prefer-remote'],
      'remote-only': ['remote', 'mode:remote-only'],
    },
  },
  {
    name: 'remote circuit open',
    situation: situation({ remoteCircuit: 'open' }),
    expect: {
      'prefer-local': ['local', 'runtime:circuit-open', ['local']],
      'local-only': ['local', 'mode:local-only'],
      'prefer-remote': ['local', 'runtime:circuit-open', ['local']],
      'remote-only': ['none', 'runtime:circuit-open', []],
    },
  },
  {
    name: 'remote circuit half-open',
    situation: situation({ remoteCircuit: 'half-open' }),
    expect: {
      'prefer-local': ['local', 'mode:prefer-local', ['local', 'remote']],
      'local-only': ['local', 'mode:local-only'],
      'prefer-remote': ['local', 'runtime:circuit-half-open', ['local', 'remote']],
      'remote-only': ['remote', 'mode:remote-only', ['remote']],
    },
  },
  {
    // Privacy beats the mode: raw/personal input is device-bound under every policy, remote-only too.
    name: 'raw input',
    situation: situation({ inputLabel: 'raw' }),
    expect: {
      'prefer-local': ['local', 'privacy:label', ['local']],
      'local-only': ['local', 'mode:local-only', ['local']],
      'prefer-remote': ['local', 'privacy:label', ['local']],
      'remote-only': ['local', 'privacy:label', ['local']],
    },
  },
  {
    name: 'personal input',
    situation: situation({ inputLabel: 'personal' }),
    expect: {
      'prefer-local': ['local', 'privacy:label', ['local']],
      'local-only': ['local', 'mode:local-only', ['local']],
      'prefer-remote': ['local', 'privacy:label', ['local']],
      'remote-only': ['local', 'privacy:label', ['local']],
    },
  },
  {
    name: 'sanitizer stage (personal input, device implementation only)',
    stage: sanitizerStage,
    situation: situation({ inputLabel: 'personal' }),
    expect: {
      'prefer-local': ['local', 'privacy:label', ['local']],
      'local-only': ['local', 'mode:local-only', ['local']],
      'prefer-remote': ['local', 'privacy:label', ['local']],
      'remote-only': ['local', 'privacy:label', ['local']],
    },
  },
  {
    name: 'raw input, the device lacks the WebGPU the stage requires',
    stage: requiresWebGpu,
    situation: situation({ inputLabel: 'raw', caps: { webgpu: { available: false, shaderF16: false } } }),
    expect: {
      'prefer-local': ['none', 'privacy:label', []],
      'local-only': ['none', 'privacy:label', []],
      'prefer-remote': ['none', 'privacy:label', []],
      'remote-only': ['none', 'privacy:label', []],
    },
  },
  {
    name: 'public input',
    situation: situation({ inputLabel: 'public' }),
    expect: {
      'prefer-local': ['local', 'mode:prefer-local'],
      'local-only': ['local', 'mode:local-only'],
      'prefer-remote': ['remote', 'mode:prefer-remote'],
      'remote-only': ['remote', 'mode:remote-only'],
    },
  },
  {
    name: 'residency rule: device only',
    situation: situation(),
    policy: { stages: { translate: { residency: 'device-only' } } },
    expect: {
      'prefer-local': ['local', 'residency:device-only', ['local']],
      'local-only': ['local', 'mode:local-only', ['local']],
      'prefer-remote': ['local', 'residency:device-only', ['local']],
      'remote-only': ['none', 'residency:device-only', []],
    },
  },
  {
    name: 'residency rule: remote only in "us", remote runs in "eu"',
    situation: situation(),
    policy: { residency: { regions: ['us'] } },
    expect: {
      'prefer-local': ['local', 'residency:region', ['local']],
      'local-only': ['local', 'mode:local-only'],
      'prefer-remote': ['local', 'residency:region', ['local']],
      'remote-only': ['none', 'residency:region', []],
    },
  },
  {
    name: 'residency rule: remote only in "eu", remote runs in "eu"',
    situation: situation(),
    policy: { residency: { regions: ['eu'] } },
    expect: {
      'prefer-local': ['local', 'mode:prefer-local', ['local', 'remote']],
      'local-only': ['local', 'mode:local-only'],
      'prefer-remote': ['remote', 'mode:prefer-remote', ['remote', 'local']],
      'remote-only': ['remote', 'mode:remote-only'],
    },
  },
  {
    name: 'battery saver on',
    situation: situation({ caps: { batterySaver: true } }),
    expect: {
      'prefer-local': ['remote', 'runtime:battery-saver', ['remote', 'local']],
      'local-only': ['local', 'mode:local-only'],
      'prefer-remote': ['remote', 'mode:prefer-remote', ['remote', 'local']],
      'remote-only': ['remote', 'mode:remote-only'],
    },
  },
  {
    name: 'battery saver on, policy ignores it',
    situation: situation({ caps: { batterySaver: true } }),
    policy: { batterySaver: 'ignore' },
    expect: {
      'prefer-local': ['local', 'mode:prefer-local'],
      'local-only': ['local', 'mode:local-only'],
      'prefer-remote': ['remote', 'mode:prefer-remote'],
      'remote-only': ['remote', 'mode:remote-only'],
    },
  },
  {
    name: 'latency budget 500 ms, no WebGPU (device ~800 ms, remote ~400 ms)',
    situation: situation({ caps: { webgpu: { available: false, shaderF16: false } }, latencyBudgetMs: 500 }),
    expect: {
      'prefer-local': ['remote', 'runtime:latency-budget', ['remote', 'local']],
      'local-only': ['local', 'mode:local-only'],
      'prefer-remote': ['remote', 'mode:prefer-remote'],
      'remote-only': ['remote', 'mode:remote-only'],
    },
  },
  {
    name: 'latency budget 300 ms from the policy, WebGPU (device ~200 ms, remote ~400 ms)',
    situation: situation(),
    policy: { latencyBudgetMs: 300 },
    expect: {
      'prefer-local': ['local', 'mode:prefer-local'],
      'local-only': ['local', 'mode:local-only'],
      'prefer-remote': ['local', 'runtime:latency-budget', ['local', 'remote']],
      'remote-only': ['remote', 'mode:remote-only'],
    },
  },
  {
    name: 'latency budget 100 ms that neither side meets',
    situation: situation({ latencyBudgetMs: 100 }),
    expect: {
      'prefer-local': ['local', 'mode:prefer-local', ['local', 'remote']],
      'local-only': ['local', 'mode:local-only'],
      'prefer-remote': ['remote', 'mode:prefer-remote', ['remote', 'local']],
      'remote-only': ['remote', 'mode:remote-only'],
    },
  },
  {
    name: 'local engine unstable (worker host flag)',
    situation: situation({ localEngineUnstable: true }),
    expect: {
      'prefer-local': ['remote', 'runtime:local-unstable', ['remote', 'local']],
      'local-only': ['local', 'mode:local-only', ['local']],
      'prefer-remote': ['remote', 'mode:prefer-remote'],
      'remote-only': ['remote', 'mode:remote-only'],
    },
  },
  {
    name: 'model not cached, online, 1 s budget (cold start ~3.2 s)',
    situation: situation({ modelCached: false, latencyBudgetMs: 1000 }),
    expect: {
      'prefer-local': ['remote', 'runtime:latency-budget', ['remote', 'local']],
      'local-only': ['local', 'mode:local-only'],
      'prefer-remote': ['remote', 'mode:prefer-remote'],
      'remote-only': ['remote', 'mode:remote-only'],
    },
  },
  {
    name: 'model not cached, online, no budget',
    situation: situation({ modelCached: false }),
    expect: {
      'prefer-local': ['local', 'mode:prefer-local'],
      'local-only': ['local', 'mode:local-only'],
      'prefer-remote': ['remote', 'mode:prefer-remote'],
      'remote-only': ['remote', 'mode:remote-only'],
    },
  },
  {
    name: 'giant weekly-updated model, no WebGPU, not cached, 3 GiB: axes override prefer-local',
    stage: giantModel,
    situation: situation({
      inputLabel: 'public',
      modelCached: false,
      caps: { webgpu: { available: false, shaderF16: false }, deviceMemoryGiB: 3 },
    }),
    expect: {
      'prefer-local': ['remote', 'axes:override', ['remote', 'local']],
      'local-only': ['local', 'mode:local-only'],
      'prefer-remote': ['remote', 'mode:prefer-remote'],
      'remote-only': ['remote', 'mode:remote-only'],
    },
  },
  {
    name: 'expensive remote at 10k calls/day: axes override prefer-remote',
    stage: expensiveRemote,
    situation: situation(),
    expect: {
      'prefer-local': ['local', 'mode:prefer-local'],
      'local-only': ['local', 'mode:local-only'],
      'prefer-remote': ['local', 'axes:override', ['local', 'remote']],
      'remote-only': ['remote', 'mode:remote-only'],
    },
  },
  {
    name: 'stage without a remote implementation',
    stage: withoutRemote,
    situation: situation(),
    expect: {
      'prefer-local': ['local', 'implementation:missing', ['local']],
      'local-only': ['local', 'mode:local-only', ['local']],
      'prefer-remote': ['local', 'implementation:missing', ['local']],
      'remote-only': ['none', 'implementation:missing', []],
    },
  },
  {
    name: 'fallback disabled by policy',
    situation: situation(),
    policy: { fallback: false },
    expect: {
      'prefer-local': ['local', 'mode:prefer-local', ['local']],
      'local-only': ['local', 'mode:local-only', ['local']],
      'prefer-remote': ['remote', 'mode:prefer-remote', ['remote']],
      'remote-only': ['remote', 'mode:remote-only', ['remote']],
    },
  },
  {
    name: 'per-stage override to local-only beats every global mode',
    situation: situation(),
    policy: { stages: { translate: { mode: 'local-only' } } },
    expect: {
      'prefer-local': ['local', 'mode:local-only', ['local']],
      'local-only': ['local', 'mode:local-only', ['local']],
      'prefer-remote': ['local', 'mode:local-only', ['local']],
      'remote-only': ['local', 'mode:local-only', ['local']],
    },
  },
];

describe('placement: every mode over a table of situations', () => {
  it('has at least 20 situations', () => {
    expect(rows.length).toBeGreaterThanOrEqual(20);
  });

  itDecidesEveryMode(rows);
});
