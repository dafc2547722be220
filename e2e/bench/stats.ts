/**
 * The statistics every benchmark number goes through. Small and unit-tested
 * (`__tests__/stats.test.ts`) because the report is only as trustworthy as these few lines.
 * Absolute times on a shared 2-core machine are noisy, so the headline numbers are medians and
 * ratios of samples taken side by side, not means of absolute times.
 */
import type { Goal, GoalVerdict, Metric, PairedComparison, SampleSeries, SeriesSummary } from './contract.ts';

function assertSamples(xs: readonly number[], what: string): void {
  if (xs.length === 0) throw new RangeError(`${what}: no samples`);
  for (const x of xs) if (!Number.isFinite(x)) throw new RangeError(`${what}: sample ${x} is not a finite number`);
}

function ascending(xs: readonly number[]): number[] {
  return [...xs].sort((a, b) => a - b);
}

/**
 * Quantile `q` in [0, 1] by linear interpolation between order statistics at rank q·(n−1)
 * (Hyndman & Fan type 7, numpy's and R's default): q = 0.5 is the usual median.
 */
export function quantile(xs: readonly number[], q: number): number {
  assertSamples(xs, 'quantile');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile: q must be in [0, 1], got ${q}`);
  const s = ascending(xs);
  const rank = q * (s.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = s[lo]!;
  const b = s[hi]!;
  return a + (b - a) * (rank - lo);
}

export function median(xs: readonly number[]): number {
  return quantile(xs, 0.5);
}

/** 95th percentile (type 7). With n < 20 it is an interpolation towards the maximum. */
export function p95(xs: readonly number[]): number {
  return quantile(xs, 0.95);
}

export function mean(xs: readonly number[]): number {
  assertSamples(xs, 'mean');
  return xs.reduce((sum, x) => sum + x, 0) / xs.length;
}

export function summarize(xs: readonly number[]): SeriesSummary {
  assertSamples(xs, 'summarize');
  const s = ascending(xs);
  return { n: s.length, min: s[0]!, max: s[s.length - 1]!, mean: mean(s), median: median(s), p95: p95(s) };
}

/** log C(n, k) via log-gamma-free summation; n here is a repeat count (tens to thousands). */
function logChoose(n: number, k: number): number {
  let sum = 0;
  for (let i = 1; i <= k; i++) sum += Math.log(n - k + i) - Math.log(i);
  return sum;
}

/** P(X ≤ k) for X ~ Binomial(n, 1/2), computed in log space so large n does not underflow. */
export function binomialHalfCdf(n: number, k: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  let total = 0;
  for (let i = 0; i <= k; i++) total += Math.exp(logChoose(n, i) - n * Math.LN2);
  return Math.min(1, total);
}

/**
 * Distribution-free ~95% confidence interval of the median: the order statistics
 * [x(l), x(n+1−l)] (1-based) with the largest l such that P(Binomial(n, ½) ≤ l−1) ≤ 0.025,
 * which covers the true median with probability ≥ 95% whatever the distribution.
 * Below 6 samples no such l exists and the interval is [min, max] (coverage 1 − 2^(1−n)).
 */
export function medianCi95(xs: readonly number[]): [number, number] {
  assertSamples(xs, 'medianCi95');
  const s = ascending(xs);
  const n = s.length;
  let l = 0;
  while (l + 1 <= n / 2 && binomialHalfCdf(n, l) <= 0.025) l++;
  // l is now the count of order statistics cut from each end (0 → full range).
  const lower = s[Math.max(0, l - 1)]!;
  const upper = s[n - Math.max(1, l)]!;
  return [lower, upper];
}

/** candidate[i] ÷ baseline[i] for each pair; both series must have the same length. */
export function pairRatios(baseline: readonly number[], candidate: readonly number[]): number[] {
  if (baseline.length !== candidate.length) {
    throw new RangeError(`pairRatios: ${baseline.length} baseline vs ${candidate.length} candidate samples`);
  }
  assertSamples(baseline, 'pairRatios baseline');
  assertSamples(candidate, 'pairRatios candidate');
  return baseline.map((b, i) => {
    if (b === 0) throw new RangeError(`pairRatios: baseline sample ${i} is 0, the ratio is undefined`);
    return candidate[i]! / b;
  });
}

/**
 * The median of per-pair ratios. With an even count the two middle ratios are averaged
 * geometrically (the median taken on log scale), so swapping baseline and candidate gives exactly
 * the reciprocal: 0.8 and 1.25 meet at 1, not at 1.025. Falls back to the plain median when a
 * ratio is 0 (a candidate that moved no bytes), where logs are undefined.
 */
export function medianRatio(ratios: readonly number[]): number {
  assertSamples(ratios, 'medianRatio');
  if (ratios.some((r) => r <= 0)) return median(ratios);
  return Math.exp(median(ratios.map(Math.log)));
}

/**
 * Compare two series taken side by side. The headline `ratio` is the median of per-pair ratios:
 * each pair was taken back to back, so a slow drift (another job starting on the machine)
 * multiplies both members and cancels in the ratio, while one slow outlier moves a median of
 * ratios by at most one rank. `ratioOfMedians` is computed too: when the two differ a lot, the
 * pairs did not behave alike and the run was noisy.
 */
export function comparePaired(id: string, baseline: SampleSeries, candidate: SampleSeries): PairedComparison {
  const ratios = pairRatios(baseline.samples, candidate.samples);
  const baseMedian = median(baseline.samples);
  if (baseMedian === 0) throw new RangeError(`comparePaired ${id}: baseline median is 0`);
  return {
    id,
    baseline,
    candidate,
    pairRatios: ratios,
    ratio: medianRatio(ratios),
    ratioOfMedians: median(candidate.samples) / baseMedian,
    ratioCi95: medianCi95(ratios),
  };
}

/** The metrics a comparison contributes: `<id>.ratio` and `<id>.ratioOfMedians`. */
export function comparisonMetrics(c: PairedComparison): Record<string, Metric> {
  const what = `${c.candidate.name} ÷ ${c.baseline.name}`;
  return {
    [`${c.id}.ratio`]: { value: c.ratio, unit: 'ratio', description: `median of per-pair ratios, ${what}` },
    [`${c.id}.ratioOfMedians`]: { value: c.ratioOfMedians, unit: 'ratio', description: `ratio of medians, ${what}` },
  };
}

/** Check one goal against the metrics; a missing metric is reported as not met, never passed. */
export function checkGoal(goal: Goal, metrics: Readonly<Record<string, Metric>>): GoalVerdict {
  const found = metrics[goal.metric];
  if (!found || !Number.isFinite(found.value)) return { ...goal, value: null, met: false };
  const v = found.value;
  const met =
    goal.op === '<=' ? v <= goal.target
    : goal.op === '<' ? v < goal.target
    : goal.op === '>=' ? v >= goal.target
    : goal.op === '>' ? v > goal.target
    : v === goal.target;
  return { ...goal, value: v, met };
}
