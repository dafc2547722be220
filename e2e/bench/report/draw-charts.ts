/**
 * The report page's only script besides Chart.js. It is inlined into the HTML with
 * `Function.prototype.toString`, so it must not use anything from module scope: everything it
 * needs comes in as arguments.
 */
import type { Chart, ChartConfiguration } from 'chart.js';
import type { ChartSpec } from './chart-specs.ts';

export function drawCharts(specs: ChartSpec[], ChartCtor: typeof Chart): void {
  try {
    for (const spec of specs) {
      const canvas = document.getElementById(spec.canvasId);
      if (!(canvas instanceof HTMLCanvasElement)) throw new Error(`no canvas #${spec.canvasId}`);
      const config: ChartConfiguration<'line' | 'bar'> = {
        type: spec.kind,
        data: {
          labels: spec.labels,
          datasets: spec.datasets.map((d) => ({
            label: d.label,
            data: d.data,
            borderColor: d.color,
            backgroundColor: d.color,
            borderWidth: 2,
            pointRadius: spec.kind === 'line' ? 2 : 0,
          })),
        },
        options: {
          // No animation: the report is a static document and tests read its pixels.
          animation: false,
          responsive: false,
          plugins: { title: { display: true, text: spec.title }, legend: { position: 'bottom' } },
          scales: {
            x: { title: { display: true, text: spec.xLabel } },
            y: { title: { display: true, text: spec.yLabel }, beginAtZero: true },
          },
        },
      };
      new ChartCtor(canvas, config);
    }
    document.body.dataset.charts = 'drawn';
  } catch (e) {
    document.body.dataset.charts = `error: ${e instanceof Error ? e.message : String(e)}`;
    throw e;
  }
}
