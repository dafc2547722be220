import { describe, expect, it } from 'vitest';
import { chooseBackend, type BackendChoice, type ChoiceStore, type TrialResult } from '../backend-choice.js';

function memoryStore(): ChoiceStore & { map: Map<string, BackendChoice> } {
  const map = new Map<string, BackendChoice>();
  return { map, get: async (k) => map.get(k), set: async (k, v) => void map.set(k, v) };
}

const trialOf = (table: Record<string, { ms: number; output: number[] }>) => async (backend: string): Promise<TrialResult> => {
  const row = table[backend];
  if (!row) throw new Error(`${backend} failed to open`);
  return { loadMs: 1, timesMs: [row.ms * 10, row.ms, row.ms, row.ms], output: row.output };
};

const base = { modelId: 'silero', modelVersion: 'v5', fingerprint: 'dev' };

describe('chooseBackend', () => {
  it('picks the fastest backend that agrees with the reference and stores it', async () => {
    const store = memoryStore();
    const choice = await chooseBackend({
      ...base, store, candidates: ['webgpu', 'wasm'],
      trial: trialOf({ webgpu: { ms: 2, output: [0.1, 0.9] }, wasm: { ms: 5, output: [0.1, 0.9005] } }),
    });
    expect(choice.backend).toBe('webgpu');
    expect(choice.fromCache).toBe(false);
    expect(choice.measurements.find((m) => m.backend === 'webgpu')).toMatchObject({ medianMs: 2, firstRunMs: 20, agrees: true });
    expect(store.map.size).toBe(1);
  });

  it('never picks a faster backend whose numbers disagree, and says why', async () => {
    const choice = await chooseBackend({
      ...base, store: memoryStore(), candidates: ['webgpu', 'wasm'], tolerance: 1e-2,
      trial: trialOf({ webgpu: { ms: 1, output: [0.1, 0.3] }, wasm: { ms: 5, output: [0.1, 0.9] } }),
    });
    expect(choice.backend).toBe('wasm');
    expect(choice.measurements.find((m) => m.backend === 'webgpu')).toMatchObject({ agrees: false });
    expect(choice.reason).toContain('disagreed');
  });

  it('reuses a stored choice for the same model version and device, and measures again on request', async () => {
    const store = memoryStore();
    let trials = 0;
    const trial = async (b: string) => { trials++; return trialOf({ wasm: { ms: 1, output: [0] } })(b); };
    await chooseBackend({ ...base, store, candidates: ['wasm'], trial });
    const again = await chooseBackend({ ...base, store, candidates: ['wasm'], trial });
    expect(again.fromCache).toBe(true);
    expect(trials).toBe(1);
    await chooseBackend({ ...base, modelVersion: 'v6', store, candidates: ['wasm'], trial });
    await chooseBackend({ ...base, store, candidates: ['wasm'], trial, remeasure: true });
    expect(trials).toBe(3);
  });

  it('records a backend that fails and chooses among the rest', async () => {
    const choice = await chooseBackend({
      ...base, store: memoryStore(), candidates: ['webnn', 'wasm'],
      trial: trialOf({ wasm: { ms: 3, output: [0.5] } }),
    });
    expect(choice.backend).toBe('wasm');
    expect(choice.measurements.find((m) => m.backend === 'webnn')?.error).toContain('failed to open');
  });

  it('measures (and does not throw) where there is no IndexedDB to remember the choice in', async () => {
    expect(typeof indexedDB).toBe('undefined');
    const choice = await chooseBackend({ ...base, candidates: ['wasm'], trial: trialOf({ wasm: { ms: 3, output: [0.5] } }) });
    expect(choice).toMatchObject({ backend: 'wasm', fromCache: false });
  });
});
