/**
 * The tables of one benchmark's record, as plain text cells, shared by the Markdown summary and
 * the HTML report so both always say the same thing.
 */
import type { BenchRecord } from '../contract.ts';
import { formatGoal, formatValue } from './format.ts';

export interface Table {
  head: string[];
  rows: string[][];
  /** Column holding the headline number (bold in both renderings). */
  strong?: number;
}

export function benchTables(b: BenchRecord): Table[] {
  const tables: Table[] = [];
  if (b.goals.length > 0) {
    tables.push({
      head: ['goal', 'check', 'value', 'met'],
      strong: 3,
      rows: b.goals.map((g) => [
        g.text,
        formatGoal(g),
        formatValue(g.value, b.metrics[g.metric]?.unit ?? 'count'),
        g.value === null ? 'no (metric missing)' : g.met ? 'yes' : 'no',
      ]),
    });
  }
  const comparisons = b.result.comparisons ?? [];
  if (comparisons.length > 0) {
    tables.push({
      head: ['comparison', 'baseline median / p95', 'candidate median / p95', 'ratio (median of pairs)', '95% CI', 'ratio of medians', 'pairs'],
      strong: 3,
      rows: comparisons.map((c) => {
        const bs = b.summaries[`${c.id}/${c.baseline.name}`];
        const cs = b.summaries[`${c.id}/${c.candidate.name}`];
        const u = c.baseline.unit;
        return [
          `${c.id}: ${c.candidate.name} ÷ ${c.baseline.name}`,
          `${formatValue(bs?.median ?? null, u)} / ${formatValue(bs?.p95 ?? null, u)}`,
          `${formatValue(cs?.median ?? null, u)} / ${formatValue(cs?.p95 ?? null, u)}`,
          formatValue(c.ratio, 'ratio'),
          `${formatValue(c.ratioCi95[0], 'ratio')} – ${formatValue(c.ratioCi95[1], 'ratio')}`,
          formatValue(c.ratioOfMedians, 'ratio'),
          String(c.pairRatios.length),
        ];
      }),
    });
  }
  const series = (b.result.series ?? []).filter((s) => b.summaries[s.name]);
  if (series.length > 0) {
    tables.push({
      head: ['series', 'n', 'median', 'p95', 'min', 'max'],
      strong: 2,
      rows: series.map((s) => {
        const sum = b.summaries[s.name]!;
        const f = (v: number) => formatValue(v, s.unit);
        return [s.name, String(sum.n), f(sum.median), f(sum.p95), f(sum.min), f(sum.max)];
      }),
    });
  }
  const own = Object.entries(b.result.metrics ?? {});
  if (own.length > 0) {
    tables.push({
      head: ['metric', 'value', 'meaning'],
      strong: 1,
      rows: own.map(([k, m]) => [k, formatValue(m.value, m.unit), m.description]),
    });
  }
  return tables;
}
