import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BenchRun } from '../contract.ts';
import { buildChartSpecs } from '../report/chart-specs.ts';
import { evaluateResult } from '../report/evaluate.ts';
import { fileStamp, formatValue } from '../report/format.ts';
import { renderHtml } from '../report/html-report.ts';
import { renderMarkdown } from '../report/markdown-summary.ts';

const run = JSON.parse(readFileSync(resolve(import.meta.dirname, '../fixtures/sample-run.json'), 'utf8')) as BenchRun;
const passed = run.benchmarks[0]!;

describe('evaluateResult', () => {
  it('recomputes the fixture’s summaries, metrics and goal verdicts from its raw samples', () => {
    const goals = passed.goals.map(({ metric, op, target, text }) => ({ metric, op, target, text }));
    const evaluated = evaluateResult(goals, passed.result);
    expect(evaluated.summaries).toEqual(passed.summaries);
    expect(evaluated.metrics).toEqual(passed.metrics);
    expect(evaluated.goals).toEqual(passed.goals);
    expect(evaluated.goals.map((g) => g.met)).toEqual([true, false, true, false]);
  });
});

describe('Markdown summary', () => {
  const md = renderMarkdown(run);
  it('names the machine, counts goals, and prints each ratio with both views', () => {
    expect(md).toContain('2 cores (Fixture CPU)');
    expect(md).toContain('WebGPU: google / swiftshader (fallback)');
    expect(md).toContain('crossOriginIsolated: true');
    expect(md).toContain('1 of 2 benchmarks ran to the end; 2 of 4 goals met.');
    expect(md).toMatch(/\| stage-vs-raw: Tandem stage ÷ raw session\.run \| 1\.02 ms \/ [\d.]+ ms \| [\d.]+ ms \/ [\d.]+ ms \| \*\*1\.03×\*\* \|/);
    expect(md).toContain('| no audio bytes leave the device | audioBytesOut = 0 | — | **no (metric missing)** |');
  });
  it('reports a failed benchmark with its error instead of dropping it', () => {
    expect(md).toContain('## Fixture benchmark that threw (`fixture-failed`): failed');
    expect(md).toContain('Error: the page never said ready');
    expect(md).not.toContain('Error: Error:');
  });
});

describe('HTML report', () => {
  it('has one canvas per chart spec and embeds data safely', () => {
    const specs = buildChartSpecs(run);
    // overview + 2 comparisons + 1 series group
    expect(specs.map((s) => s.canvasId)).toEqual([
      'chart-overview',
      'chart-fixture-passed-stage-vs-raw',
      'chart-fixture-passed-cold-vs-warm',
      'chart-fixture-passed-series-ms',
    ]);
    const evil: BenchRun = { ...run, benchmarks: [passed, { ...run.benchmarks[1]!, title: '</script><b>x</b>' }] };
    const html = renderHtml(evil, '/* chart.js */');
    expect(html.match(/<canvas /g)).toHaveLength(buildChartSpecs(evil).length);
    expect(html).not.toContain('</script><b>');
    expect(html).toContain('&#60;/script&#62;&#60;b&#62;x&#60;/b&#62;');
  });
});

describe('formatting', () => {
  it('formats each unit and makes file-safe stamps', () => {
    expect(formatValue(1234.5, 'ms')).toBe('1,235 ms');
    expect(formatValue(0.1768, 'ratio')).toBe('0.177×');
    expect(formatValue(28_700_000, 'bytes')).toBe('28.7 MB');
    expect(formatValue(null, 'ms')).toBe('—');
    expect(formatValue(61.5, 's')).toBe('61.5 s');
    expect(fileStamp('2026-11-25T17:38:22.805Z')).toBe('2026-11-25T17-38-22Z');
  });
});
