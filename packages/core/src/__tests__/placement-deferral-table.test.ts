import { describe } from 'vitest';
import type { StageDescriptor } from '../index.js';
import { itDecidesEveryMode, type Row } from './placement-table-check.js';
import { situation, translateStage } from './situations.js';

const { local: _local, ...withoutLocal } = translateStage;
/** The app's translate: only in the function, its transport queues while unreachable. */
const deferrableRemoteOnly: StageDescriptor = { ...withoutLocal, remote: { ...translateStage.remote!, deferrable: true } };
const deferrableDual: StageDescriptor = { ...translateStage, remote: { ...translateStage.remote!, deferrable: true } };

/** Each row: the situation, then the expected [choice, deciding rule, order?] for every mode. */
const rows: readonly Row[] = [
  {
    name: 'deferrable function-only stage, online',
    stage: deferrableRemoteOnly,
    situation: situation(),
    expect: {
      'prefer-local': ['remote', 'implementation:missing', ['remote']],
      'local-only': ['none', 'implementation:missing', []],
      'prefer-remote': ['remote', 'implementation:missing', ['remote']],
      'remote-only': ['remote', 'mode:remote-only', ['remote']],
    },
  },
  {
    name: 'deferrable function-only stage, offline: deferred',
    stage: deferrableRemoteOnly,
    situation: situation({ caps: { online: false } }),
    expect: {
      'prefer-local': ['deferred', 'defer:offline', ['remote']],
      'local-only': ['none', 'implementation:missing', []],
      'prefer-remote': ['deferred', 'defer:offline', ['remote']],
      'remote-only': ['deferred', 'defer:offline', ['remote']],
    },
  },
  {
    name: 'deferrable function-only stage, circuit open: deferred',
    stage: deferrableRemoteOnly,
    situation: situation({ remoteCircuit: 'open' }),
    expect: {
      'prefer-local': ['deferred', 'defer:circuit-open', ['remote']],
      'local-only': ['none', 'implementation:missing', []],
      'prefer-remote': ['deferred', 'defer:circuit-open', ['remote']],
      'remote-only': ['deferred', 'defer:circuit-open', ['remote']],
    },
  },
  {
    name: 'deferrable function-only stage, offline, policy says defer: false',
    stage: deferrableRemoteOnly,
    situation: situation({ caps: { online: false } }),
    policy: { defer: false },
    expect: {
      'prefer-local': ['none', 'implementation:missing', []],
      'local-only': ['none', 'implementation:missing', []],
      'prefer-remote': ['none', 'runtime:offline', []],
      'remote-only': ['none', 'runtime:offline', []],
    },
  },
  {
    name: 'deferrable function-only stage, offline, per-stage defer: false',
    stage: deferrableRemoteOnly,
    situation: situation({ caps: { online: false } }),
    policy: { stages: { translate: { defer: false } } },
    expect: {
      'prefer-local': ['none', 'implementation:missing', []],
      'local-only': ['none', 'implementation:missing', []],
      'prefer-remote': ['none', 'runtime:offline', []],
      'remote-only': ['none', 'runtime:offline', []],
    },
  },
  {
    name: 'deferrable function-only stage, offline, personal input: never deferred',
    stage: deferrableRemoteOnly,
    situation: situation({ inputLabel: 'personal', caps: { online: false } }),
    expect: {
      'prefer-local': ['none', 'privacy:label', []],
      'local-only': ['none', 'privacy:label', []],
      'prefer-remote': ['none', 'privacy:label', []],
      'remote-only': ['none', 'privacy:label', []],
    },
  },
  {
    name: 'deferrable function-only stage, offline, remote outside the residency regions: never deferred',
    stage: deferrableRemoteOnly,
    situation: situation({ caps: { online: false } }),
    policy: { residency: { regions: ['us'] } },
    expect: {
      'prefer-local': ['none', 'residency:region', []],
      'local-only': ['none', 'residency:region', []],
      'prefer-remote': ['none', 'residency:region', []],
      'remote-only': ['none', 'residency:region', []],
    },
  },
  {
    name: 'deferrable dual stage, offline: the device runs it unless the mode forbids',
    stage: deferrableDual,
    situation: situation({ caps: { online: false } }),
    expect: {
      'prefer-local': ['local', 'runtime:offline', ['local']],
      'local-only': ['local', 'mode:local-only', ['local']],
      'prefer-remote': ['local', 'runtime:offline', ['local']],
      'remote-only': ['deferred', 'defer:offline', ['remote']],
    },
  },
  {
    name: 'deferrable dual stage, offline, model not cached: deferred',
    stage: deferrableDual,
    situation: situation({ caps: { online: false }, modelCached: false }),
    expect: {
      'prefer-local': ['deferred', 'defer:offline', ['remote']],
      'local-only': ['none', 'capability:model-not-cached-offline', []],
      'prefer-remote': ['deferred', 'defer:offline', ['remote']],
      'remote-only': ['deferred', 'defer:offline', ['remote']],
    },
  },
];

describe('placement: deferral in every mode over a table of situations', () => {
  itDecidesEveryMode(rows);
});
