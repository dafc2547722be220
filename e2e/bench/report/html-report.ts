/**
 * The static HTML report: one self-contained file (Chart.js inlined, data embedded as JSON), so
 * it opens from disk, offline, years later. Tables come from report/tables.ts, charts from
 * report/chart-specs.ts drawn by report/draw-charts.ts.
 */
import type { BenchRecord, BenchRun } from '../contract.ts';
import { buildChartSpecs, type ChartSpec } from './chart-specs.ts';
import { drawCharts } from './draw-charts.ts';
import { escapeHtml } from './format.ts';
import { machineLine } from './markdown-summary.ts';
import { benchTables, type Table } from './tables.ts';

/** Canvas size in CSS pixels; fixed (not responsive) so screenshots and pixel checks are stable. */
const CANVAS = { width: 760, height: 300 } as const;

/** JSON inside <script>: `<` escaped so no string in the data can close the element. */
const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

function htmlTable(t: Table): string {
  const head = t.head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const rows = t.rows
    .map((r) => `<tr>${r.map((c, i) => (i === t.strong ? `<td><strong>${escapeHtml(c)}</strong></td>` : `<td>${escapeHtml(c)}</td>`)).join('')}</tr>`)
    .join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

const canvas = (spec: ChartSpec): string =>
  `<canvas id="${escapeHtml(spec.canvasId)}" width="${CANVAS.width}" height="${CANVAS.height}" role="img" aria-label="${escapeHtml(spec.title)}"></canvas>`;

function benchSection(b: BenchRecord, specs: ChartSpec[]): string {
  const notes = (b.result.notes ?? []).map((n) => `<li>${escapeHtml(n)}</li>`).join('');
  return `<section class="bench ${b.status}" id="bench-${escapeHtml(b.id)}">
<h2>${escapeHtml(b.title)} <code>${escapeHtml(b.id)}</code> <span class="status">${b.status}</span></h2>
<p class="meta">${(b.durationMs / 1000).toFixed(1)} s</p>
${b.error ? `<pre class="error">${escapeHtml(b.error)}</pre>` : ''}
${benchTables(b).map(htmlTable).join('\n')}
${notes ? `<ul class="notes">${notes}</ul>` : ''}
${specs.filter((s) => s.benchId === b.id).map(canvas).join('\n')}
</section>`;
}

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 980px; color: #222; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2.2rem; }
table { border-collapse: collapse; margin: .6rem 0; } th, td { border: 1px solid #ccc; padding: .25rem .5rem; text-align: left; }
th { background: #f3f3f3; } code { font-size: .85em; color: #555; }
.status { font-size: .8rem; padding: .1rem .4rem; border-radius: 3px; background: #dfd; }
.failed .status { background: #fdd; } .skipped .status { background: #eee; }
.error { background: #fff3f3; padding: .5rem; white-space: pre-wrap; } canvas { display: block; margin: .8rem 0; }
.meta, .machine { color: #555; }`;

export function renderHtml(run: BenchRun, chartJsSource: string): string {
  const specs = buildChartSpecs(run);
  const overview = specs.filter((s) => s.benchId === null);
  const index = run.benchmarks
    .map((b) => {
      const met = b.goals.filter((g) => g.met).length;
      return `<tr><td><a href="#bench-${escapeHtml(b.id)}">${escapeHtml(b.title)}</a></td><td>${b.status}</td><td>${met} / ${b.goals.length}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Tandem benchmarks ${escapeHtml(run.startedAt)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Tandem benchmarks</h1>
<p>Run ${escapeHtml(run.startedAt)} – ${escapeHtml(run.finishedAt)}</p>
<p class="machine">${escapeHtml(machineLine(run.machine))}</p>
<table><thead><tr><th>benchmark</th><th>status</th><th>goals met</th></tr></thead><tbody>${index}</tbody></table>
<p>Ratios are candidate ÷ baseline, from samples taken side by side in the same run: the headline is the
median of per-pair ratios (drift cancels within a pair), the ratio of medians is its cross-check.</p>
${overview.map(canvas).join('\n')}
${run.benchmarks.map((b) => benchSection(b, specs)).join('\n')}
<script type="application/json" id="bench-run">${scriptJson(run)}</script>
<script type="application/json" id="chart-specs">${scriptJson(specs)}</script>
<script>${chartJsSource}</script>
<script>(${drawCharts.toString()})(JSON.parse(document.getElementById('chart-specs').textContent), window.Chart);</script>
</body>
</html>
`;
}
