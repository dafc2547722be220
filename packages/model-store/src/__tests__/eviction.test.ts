import { describe, expect, it } from 'vitest';
import { chooseEvictions } from '../eviction.js';

const models = [
  { key: 'a@1', bytes: 5, lastUsed: 300 },
  { key: 'b@1', bytes: 5, lastUsed: 100 },
  { key: 'c@1', bytes: 8, lastUsed: 200 },
];
const none = () => false;

describe('LRU eviction choice', () => {
  it('evicts nothing when nothing is needed', () => {
    expect(chooseEvictions(models, 0, none)).toEqual({ evict: [], freedBytes: 0, enough: true });
  });

  it('takes the least recently used first and stops when enough is freed', () => {
    const plan = chooseEvictions(models, 4, none);
    expect(plan.evict.map((c) => c.key)).toEqual(['b@1']);
    expect(plan).toMatchObject({ freedBytes: 5, enough: true });
    expect(chooseEvictions(models, 6, none).evict.map((c) => c.key)).toEqual(['b@1', 'c@1']);
  });

  it('never picks a protected (in-use) model', () => {
    const plan = chooseEvictions(models, 4, (k) => k === 'b@1');
    expect(plan.evict.map((c) => c.key)).toEqual(['c@1']);
  });

  it('evicts nothing when even all candidates would not be enough', () => {
    expect(chooseEvictions(models, 19, none)).toEqual({ evict: [], freedBytes: 0, enough: false });
    expect(chooseEvictions(models, 11, (k) => k === 'c@1')).toMatchObject({ evict: [], enough: false });
  });

  it('does not reorder the caller’s array', () => {
    const input = [...models];
    chooseEvictions(input, 100, none);
    expect(input).toEqual(models);
  });
});
