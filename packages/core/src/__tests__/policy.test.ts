import { describe, expect, it } from 'vitest';
import { definePolicy, isValidationError, parsePolicy, resolveStagePolicy } from '../index.js';

describe('placement policy (zod-validated, versioned)', () => {
  it('fills defaults and freezes the result', () => {
    const policy = parsePolicy({ version: '2026-11-25' });
    expect(policy).toMatchObject({ version: '2026-11-25', mode: 'prefer-local', fallback: true, batterySaver: 'prefer-remote', stages: {} });
    expect(policy.weights).toEqual({ privacy: 1, cost: 1, maintenance: 1, capability: 1 });
    expect(Object.isFrozen(policy)).toBe(true);
    expect(Object.isFrozen(policy.weights)).toBe(true);
  });

  it('rejects bad data with every issue by path', () => {
    let error: unknown;
    try {
      parsePolicy({ version: '', mode: 'sometimes', residency: { regions: [] }, stages: { asr: { mode: 'x', extra: 1 } } });
    } catch (e) {
      error = e;
    }
    expect(isValidationError(error)).toBe(true);
    if (!isValidationError(error)) return;
    expect(error.details.what).toBe('placement policy');
    const paths = error.details.issues.map((i) => i.split(':')[0]);
    expect(paths).toEqual(['version', 'mode', 'residency.regions', 'stages.asr.mode', 'stages.asr']);
  });

  it('accepts JSON round trips and applies per-stage overrides', () => {
    const policy = parsePolicy(
      JSON.parse(
        JSON.stringify(
          definePolicy({
            version: 'v3',
            mode: 'prefer-remote',
            residency: { regions: ['eu'] },
            weights: { privacy: 2, cost: 1, maintenance: 1, capability: 1 },
            stages: { transcribe: { mode: 'local-only', residency: 'device-only', weights: { cost: 0 }, latencyBudgetMs: 300 } },
          }),
        ),
      ),
    );
    const asr = resolveStagePolicy(policy, 'transcribe');
    expect(asr).toMatchObject({ version: 'v3', mode: 'local-only', residency: 'device-only', latencyBudgetMs: 300, overridden: true });
    expect(asr.weights).toEqual({ privacy: 2, cost: 0, maintenance: 1, capability: 1 });
    const mt = resolveStagePolicy(policy, 'translate');
    expect(mt).toMatchObject({ mode: 'prefer-remote', residency: { regions: ['eu'] }, overridden: false });
    // Stage names are data: inherited object keys are not overrides.
    expect(resolveStagePolicy(policy, 'toString').overridden).toBe(false);
  });
});
