/**
 * Turns what a benchmark returned into what the results file records: summaries of every
 * series, the metrics (its own plus each comparison's ratios) and a verdict per goal.
 */
import type { BenchRecord, BenchResult, Goal, Metric, SeriesSummary } from '../contract.ts';
import { checkGoal, comparisonMetrics, summarize } from '../stats.ts';

export function evaluateResult(
  goals: readonly Goal[],
  result: BenchResult,
): Pick<BenchRecord, 'result' | 'summaries' | 'metrics' | 'goals'> {
  const summaries: Record<string, SeriesSummary> = {};
  for (const s of result.series ?? []) {
    if (s.samples.length > 0) summaries[s.name] = summarize(s.samples);
  }
  let metrics: Record<string, Metric> = { ...(result.metrics ?? {}) };
  for (const c of result.comparisons ?? []) {
    summaries[`${c.id}/${c.baseline.name}`] = summarize(c.baseline.samples);
    summaries[`${c.id}/${c.candidate.name}`] = summarize(c.candidate.samples);
    metrics = { ...metrics, ...comparisonMetrics(c) };
  }
  return { result, summaries, metrics, goals: goals.map((g) => checkGoal(g, metrics)) };
}
