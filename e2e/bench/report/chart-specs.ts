/**
 * What to chart, decided in Node from a results file: plain data the page hands to Chart.js
 * (report/draw-charts.ts). One overview of every comparison's ratio, one chart of the samples of
 * each comparison in pair order, and one per unit for a benchmark's own series.
 */
import type { BenchRun, Unit } from '../contract.ts';

export interface ChartDataset {
  label: string;
  /** null leaves a gap (e.g. no goal for that comparison). */
  data: (number | null)[];
  color: string;
}

export interface ChartSpec {
  canvasId: string;
  /** The benchmark the chart belongs to, or null for the run's overview. */
  benchId: string | null;
  kind: 'line' | 'bar';
  title: string;
  xLabel: string;
  yLabel: string;
  labels: string[];
  datasets: ChartDataset[];
}

/** Colour-blind-safe-ish, and fixed so a test can look for a dataset's pixels. */
export const PALETTE = [
  '#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf',
] as const;

const color = (i: number): string => PALETTE[i % PALETTE.length]!;
const indexLabels = (n: number): string[] => Array.from({ length: n }, (_, i) => String(i + 1));
const safeId = (s: string): string => s.replace(/[^A-Za-z0-9_-]/g, '_');

/** The target of a `<=`/`<` goal on `metric` in benchmark `benchId`, if it has one. */
function goalTarget(run: BenchRun, benchId: string, metric: string): number | null {
  const bench = run.benchmarks.find((b) => b.id === benchId);
  const goal = bench?.goals.find((g) => g.metric === metric && (g.op === '<=' || g.op === '<'));
  return goal ? goal.target : null;
}

export function buildChartSpecs(run: BenchRun): ChartSpec[] {
  const specs: ChartSpec[] = [];
  const ratios = run.benchmarks.flatMap((b) => (b.result.comparisons ?? []).map((c) => ({ bench: b.id, c })));
  if (ratios.length > 0) {
    specs.push({
      canvasId: 'chart-overview',
      benchId: null,
      kind: 'bar',
      title: 'Side-by-side ratios (candidate ÷ baseline)',
      xLabel: 'comparison',
      yLabel: 'ratio',
      labels: ratios.map(({ bench, c }) => `${bench}: ${c.id}`),
      datasets: [
        { label: 'median of per-pair ratios', data: ratios.map(({ c }) => c.ratio), color: color(0) },
        { label: 'ratio of medians', data: ratios.map(({ c }) => c.ratioOfMedians), color: color(1) },
        {
          label: 'goal (upper bound)',
          data: ratios.map(({ bench, c }) => goalTarget(run, bench, `${c.id}.ratio`)),
          color: color(7),
        },
      ],
    });
  }
  for (const b of run.benchmarks) {
    for (const c of b.result.comparisons ?? []) {
      specs.push({
        canvasId: `chart-${safeId(b.id)}-${safeId(c.id)}`,
        benchId: b.id,
        kind: 'line',
        title: `${c.id}: samples in pair order`,
        xLabel: 'pair',
        yLabel: c.baseline.unit,
        labels: indexLabels(c.baseline.samples.length),
        datasets: [
          { label: c.baseline.name, data: c.baseline.samples, color: color(0) },
          { label: c.candidate.name, data: c.candidate.samples, color: color(1) },
        ],
      });
    }
    const byUnit = new Map<Unit, NonNullable<typeof b.result.series>>();
    for (const s of b.result.series ?? []) byUnit.set(s.unit, [...(byUnit.get(s.unit) ?? []), s]);
    for (const [unit, group] of byUnit) {
      specs.push({
        canvasId: `chart-${safeId(b.id)}-series-${safeId(unit)}`,
        benchId: b.id,
        kind: 'line',
        title: `${b.id}: series in ${unit}, in sample order`,
        xLabel: 'sample',
        yLabel: unit,
        labels: indexLabels(Math.max(...group.map((s) => s.samples.length))),
        datasets: group.map((s, i) => ({ label: s.name, data: s.samples, color: color(i + 2) })),
      });
    }
  }
  return specs;
}
