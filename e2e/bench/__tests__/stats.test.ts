import { describe, expect, it } from 'vitest';
import type { Goal, Metric, SampleSeries } from '../contract.ts';
import {
  binomialHalfCdf,
  checkGoal,
  comparePaired,
  comparisonMetrics,
  mean,
  median,
  medianCi95,
  medianRatio,
  p95,
  pairRatios,
  quantile,
  summarize,
} from '../stats.ts';

const series = (name: string, samples: number[]): SampleSeries => ({ name, unit: 'ms', samples });

describe('median', () => {
  it('takes the middle order statistic for odd n, whatever the input order', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([9, 2, 7, 4, 100])).toBe(7);
  });
  it('averages the two middle ones for even n', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([10, 20])).toBe(15);
  });
  it('is the value itself for one sample and ignores outliers', () => {
    expect(median([42])).toBe(42);
    expect(median([1, 1, 1, 1e9])).toBe(1);
  });
  it('does not reorder the caller’s array', () => {
    const xs = [3, 1, 2];
    median(xs);
    expect(xs).toEqual([3, 1, 2]);
  });
  it('refuses empty and non-finite input instead of returning NaN', () => {
    expect(() => median([])).toThrow(RangeError);
    expect(() => median([1, Number.NaN])).toThrow(/not a finite number/);
    expect(() => median([1, Number.POSITIVE_INFINITY])).toThrow(RangeError);
  });
});

describe('p95 and quantile (type 7, numpy default)', () => {
  it('matches numpy.percentile on 1..100', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    // numpy.percentile(np.arange(1, 101), 95) == 95.05
    expect(p95(xs)).toBeCloseTo(95.05, 10);
    expect(quantile(xs, 0.5)).toBeCloseTo(50.5, 10);
    expect(quantile(xs, 0)).toBe(1);
    expect(quantile(xs, 1)).toBe(100);
  });
  it('matches numpy.percentile on a small unsorted sample', () => {
    // numpy.percentile([15, 20, 35, 40, 50], 95) == 48.0 ; 40th percentile == 29.0
    expect(p95([50, 15, 40, 20, 35])).toBeCloseTo(48, 10);
    expect(quantile([50, 15, 40, 20, 35], 0.4)).toBeCloseTo(29, 10);
  });
  it('sits between the two largest samples for n = 20', () => {
    const xs = Array.from({ length: 20 }, (_, i) => i * 10); // 0..190
    // rank 0.95 * 19 = 18.05 → 180 + 0.05 * 10
    expect(p95(xs)).toBeCloseTo(180.5, 10);
  });
  it('rejects q outside [0, 1]', () => {
    expect(() => quantile([1, 2], 1.5)).toThrow(RangeError);
    expect(() => quantile([1, 2], -0.1)).toThrow(RangeError);
  });
});

describe('summarize', () => {
  it('gives n, min, max, mean, median and p95 in one go', () => {
    const s = summarize([4, 2, 8, 6]);
    expect(s).toMatchObject({ n: 4, min: 2, max: 8, mean: 5, median: 5 });
    expect(s.p95).toBeCloseTo(7.7, 12); // rank 0.95 · 3 = 2.85 → 6 + 0.85 · 2
    expect(mean([1, 2, 3, 4])).toBe(2.5);
  });
});

describe('medianCi95 (order statistics)', () => {
  it('uses the textbook ranks: n = 10 → [x(2), x(9)], n = 20 → [x(6), x(15)]', () => {
    const ten = Array.from({ length: 10 }, (_, i) => i + 1);
    expect(medianCi95(ten)).toEqual([2, 9]);
    const twenty = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(medianCi95(twenty)).toEqual([6, 15]);
  });
  it('falls back to the full range when there are too few samples', () => {
    expect(medianCi95([3, 1, 2])).toEqual([1, 3]);
    expect(medianCi95([7])).toEqual([7, 7]);
  });
  it('always contains the median and narrows as n grows', () => {
    const xs = Array.from({ length: 200 }, (_, i) => Math.sin(i) * 10 + 50);
    const [lo, hi] = medianCi95(xs);
    expect(lo).toBeLessThanOrEqual(median(xs));
    expect(hi).toBeGreaterThanOrEqual(median(xs));
    const [lo20, hi20] = medianCi95(xs.slice(0, 20));
    expect(hi - lo).toBeLessThan(hi20 - lo20);
  });
  it('computes binomial tails without underflow for large n', () => {
    expect(binomialHalfCdf(10, 1)).toBeCloseTo(11 / 1024, 12);
    expect(binomialHalfCdf(2000, 1000)).toBeGreaterThan(0.5);
    expect(binomialHalfCdf(2000, 1000)).toBeLessThan(0.52);
    expect(binomialHalfCdf(5, -1)).toBe(0);
    expect(binomialHalfCdf(5, 5)).toBe(1);
  });
});

describe('pairing', () => {
  it('divides candidate by baseline pair by pair', () => {
    expect(pairRatios([10, 20, 40], [11, 20, 20])).toEqual([1.1, 1, 0.5]);
  });
  it('refuses series of different length and a zero baseline', () => {
    expect(() => pairRatios([1, 2], [1])).toThrow(/2 baseline vs 1 candidate/);
    expect(() => pairRatios([1, 0], [1, 1])).toThrow(/baseline sample 1 is 0/);
  });
  it('cancels a drift that hits both members of a pair and shrugs off one outlier pair', () => {
    // The machine slows down 1×, 2×, … 9× over the run (spread far wider than the effect), and
    // the candidate is always 10% slower than the baseline taken right next to it.
    const drift = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    const baseline = drift.map((d) => 100 * d);
    const candidate = drift.map((d) => 110 * d);
    const c = comparePaired('x', series('base', baseline), series('cand', candidate));
    expect(c.ratio).toBeCloseTo(1.1, 12);
    expect(c.pairRatios.every((r) => Math.abs(r - 1.1) < 1e-12)).toBe(true);
    expect(c.ratioCi95[0]).toBeCloseTo(1.1, 12);
    expect(c.ratioCi95[1]).toBeCloseTo(1.1, 12);
    // One outlier pair moves the median of ratios by one rank at most.
    const noisy = [...candidate];
    noisy[4] = 50_000;
    const n = comparePaired('x', series('base', baseline), series('cand', noisy));
    expect(n.ratio).toBeCloseTo(1.1, 12);
  });
  it('reports the ratio of medians beside the median of ratios, and they can differ', () => {
    // Pairs (base, cand): (10, 5) (10, 30) (30, 15) (30, 90) (20, 20)
    const c = comparePaired('y', series('b', [10, 10, 30, 30, 20]), series('c', [5, 30, 15, 90, 20]));
    expect(c.pairRatios).toEqual([0.5, 3, 0.5, 3, 1]);
    expect(c.ratio).toBe(1);
    expect(c.ratioOfMedians).toBe(20 / 20);
    const f = comparePaired('v', series('b', [1, 1, 10]), series('c', [2, 2, 10]));
    expect(f.ratio).toBe(2); // ratios 2, 2, 1
    expect(f.ratioOfMedians).toBe(2); // medians 2 and 1
    const h = comparePaired('t', series('b', [2, 4, 8]), series('c', [4, 2, 16]));
    expect(h.ratio).toBe(2); // ratios 2, 0.5, 2
    expect(h.ratioOfMedians).toBe(1); // medians 4 and 4: the two views disagree
  });
  it('publishes <id>.ratio and <id>.ratioOfMedians as metrics for goals', () => {
    const c = comparePaired('stage-vs-raw', series('raw', [10, 10]), series('stage', [10.5, 10]));
    const m = comparisonMetrics(c);
    expect(m['stage-vs-raw.ratio']?.value).toBeCloseTo(Math.sqrt(1.05), 12); // geometric middle of 1.05 and 1
    expect(m['stage-vs-raw.ratioOfMedians']?.value).toBeCloseTo(1.025, 12);
    expect(m['stage-vs-raw.ratio']?.description).toContain('stage ÷ raw');
  });
});

describe('medianRatio', () => {
  it('is the plain median for an odd count', () => {
    expect(medianRatio([3, 0.5, 1])).toBe(1);
  });
  it('meets the two middle ratios geometrically, so swapping sides gives the reciprocal', () => {
    expect(medianRatio([0.8, 1.25])).toBeCloseTo(1, 12);
    const rs = [0.9, 1.3, 1.1, 0.7];
    expect(medianRatio(rs) * medianRatio(rs.map((r) => 1 / r))).toBeCloseTo(1, 12);
  });
  it('falls back to the plain median when a ratio is 0', () => {
    expect(medianRatio([0, 0, 1, 1])).toBe(0.5);
  });
});

describe('checkGoal', () => {
  const metrics: Record<string, Metric> = {
    'a.ratio': { value: 1.04, unit: 'ratio', description: '' },
    bytes: { value: 0, unit: 'bytes', description: '' },
  };
  const goal = (metric: string, op: Goal['op'], target: number): Goal => ({ metric, op, target, text: '' });
  it('compares with every operator', () => {
    expect(checkGoal(goal('a.ratio', '<=', 1.05), metrics).met).toBe(true);
    expect(checkGoal(goal('a.ratio', '<=', 1.03), metrics).met).toBe(false);
    expect(checkGoal(goal('a.ratio', '<', 1.04), metrics).met).toBe(false);
    expect(checkGoal(goal('a.ratio', '>', 1), metrics).met).toBe(true);
    expect(checkGoal(goal('a.ratio', '>=', 1.05), metrics).met).toBe(false);
    expect(checkGoal(goal('bytes', '==', 0), metrics)).toMatchObject({ met: true, value: 0 });
  });
  it('never passes a goal whose metric is missing', () => {
    expect(checkGoal(goal('nope', '<=', 1e9), metrics)).toMatchObject({ met: false, value: null });
  });
});
