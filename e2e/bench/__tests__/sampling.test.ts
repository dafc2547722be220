import { describe, expect, it } from 'vitest';
import { parseRepeatsOverride } from '../bench-context.ts';
import { measureSeries, pairVariants } from '../sampling.ts';

describe('measureSeries', () => {
  it('drops the warm-up calls and keeps the rest in order', async () => {
    const calls: number[] = [];
    const s = await measureSeries({ name: 'x', unit: 'ms', repeats: 3, warmup: 2 }, (i) => {
      calls.push(i);
      return Promise.resolve(100 + i);
    });
    expect(calls).toEqual([0, 1, 2, 3, 4]);
    expect(s).toEqual({ name: 'x', unit: 'ms', samples: [102, 103, 104] });
  });
  it('defaults to one warm-up and refuses a non-finite sample', async () => {
    const s = await measureSeries({ name: 'x', unit: 'ms', repeats: 2 }, (i) => Promise.resolve(i));
    expect(s.samples).toEqual([1, 2]);
    await expect(measureSeries({ name: 'bad', unit: 'ms', repeats: 1 }, () => Promise.resolve(Number.NaN))).rejects.toThrow(
      /bad sample 0 returned NaN/,
    );
  });
});

describe('pairVariants', () => {
  it('alternates which side goes first, drops warm-up pairs and pairs samples by round', async () => {
    const log: string[] = [];
    const variant = (name: string, value: (i: number) => number) => ({
      name,
      run: (i: number) => {
        log.push(`${name}${i}`);
        return Promise.resolve(value(i));
      },
    });
    const c = await pairVariants({
      id: 'p',
      unit: 'ms',
      repeats: 4,
      warmup: 1,
      baseline: variant('A', (i) => 10 * (i + 1)),
      candidate: variant('B', (i) => 20 * (i + 1)),
    });
    expect(log).toEqual(['A0', 'B0', 'B1', 'A1', 'A2', 'B2', 'B3', 'A3', 'A4', 'B4']);
    expect(c.baseline.samples).toEqual([20, 30, 40, 50]);
    expect(c.candidate.samples).toEqual([40, 60, 80, 100]);
    expect(c.pairRatios).toEqual([2, 2, 2, 2]);
    expect(c.ratio).toBe(2);
  });
  it('cancels a "second in line is faster" effect that a fixed order would turn into a fake ratio', async () => {
    // Both variants cost 10 ms, but whichever runs second in a round costs 8 ms (warm caches).
    let first = true;
    const run = () => {
      const v = first ? 10 : 8;
      first = !first;
      return Promise.resolve(v);
    };
    const c = await pairVariants({ id: 'q', unit: 'ms', repeats: 10, warmup: 0, baseline: { name: 'A', run }, candidate: { name: 'B', run } });
    expect(c.ratioOfMedians).toBe(1);
    // Half the pairs favour each side (0.8 and 1.25); a fixed order would have said 0.8 or 1.25.
    expect(c.pairRatios.filter((r) => r < 1)).toHaveLength(5);
    expect(c.ratio).toBeCloseTo(1, 12);
  });
});

describe('TANDEM_BENCH_REPEATS', () => {
  it('is a positive integer or absent', () => {
    expect(parseRepeatsOverride(undefined)).toBeUndefined();
    expect(parseRepeatsOverride('')).toBeUndefined();
    expect(parseRepeatsOverride('3')).toBe(3);
    expect(() => parseRepeatsOverride('0')).toThrow(RangeError);
    expect(() => parseRepeatsOverride('2.5')).toThrow(RangeError);
    expect(() => parseRepeatsOverride('many')).toThrow(/positive integer/);
  });
});
