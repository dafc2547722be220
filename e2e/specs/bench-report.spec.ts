import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import type { BenchRun } from '../bench/contract.ts';
import { buildChartSpecs, PALETTE } from '../bench/report/chart-specs.ts';
import { writeReport } from '../bench/report/write-report.ts';

const FIXTURE = resolve(import.meta.dirname, '../bench/fixtures/sample-run.json');

/** Pixels of one canvas: how many are painted at all, and how many carry each given colour. */
interface CanvasPixels {
  width: number;
  height: number;
  painted: number;
  byColour: number[];
}

test('a results file becomes an HTML report whose Chart.js charts really draw', async ({ page }, testInfo) => {
  const run = JSON.parse(readFileSync(FIXTURE, 'utf8')) as BenchRun;
  const specs = buildChartSpecs(run);
  const written = writeReport(run, testInfo.outputPath('bench-results'), { latest: false });

  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.setViewportSize({ width: 1000, height: 800 });
  await page.goto(pathToFileURL(written.html).href);
  await expect(page.locator('body')).toHaveAttribute('data-charts', 'drawn');
  expect(pageErrors).toEqual([]);

  // Numbers the tables must show, straight from the fixture.
  await expect(page.locator('h2', { hasText: 'Fixture benchmark that threw' })).toContainText('failed');
  await expect(page.locator('pre.error')).toHaveText('Error: the page never said ready');
  await expect(page.getByRole('cell', { name: '1.03×' }).first()).toBeVisible();
  await expect(page.locator('.machine')).toContainText('WebGPU: google / swiftshader (fallback)');

  const canvases = page.locator('canvas');
  await expect(canvases).toHaveCount(specs.length);
  const colours = PALETTE.slice(0, 2).map((hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)));
  for (let i = 0; i < specs.length; i++) {
    const pixels: CanvasPixels = await canvases.nth(i).evaluate((el, colours) => {
      const canvas = el as HTMLCanvasElement;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      const byColour = colours.map(() => 0);
      for (let p = 0; p < data.length; p += 4) {
        if (data[p + 3]! === 0) continue;
        painted++;
        colours.forEach(([r, g, b], k) => {
          const close = Math.abs(data[p]! - r!) + Math.abs(data[p + 1]! - g!) + Math.abs(data[p + 2]! - b!) < 30;
          if (close && data[p + 3]! > 200) byColour[k]!++;
        });
      }
      return { width: canvas.width, height: canvas.height, painted, byColour };
    }, colours);
    const spec = specs[i]!;
    // Axes, ticks and labels alone paint some pixels; the data must paint its own colours.
    expect(pixels.painted, `${spec.canvasId} painted`).toBeGreaterThan(0.01 * pixels.width * pixels.height);
    if (spec.datasets.length >= 2 && spec.datasets[0]!.color === PALETTE[0]) {
      expect(pixels.byColour[0], `${spec.canvasId} baseline colour`).toBeGreaterThan(100);
      expect(pixels.byColour[1], `${spec.canvasId} candidate colour`).toBeGreaterThan(100);
    }
  }

  const screenshot = testInfo.outputPath('bench-report.png');
  await page.screenshot({ path: screenshot, fullPage: true });
  await testInfo.attach('bench-report', { path: screenshot, contentType: 'image/png' });

  // The Markdown summary of the same run says the same headline numbers.
  const md = readFileSync(written.markdown, 'utf8');
  expect(md).toContain('**1.03×**');
  expect(md).toContain('1 of 2 benchmarks ran to the end; 2 of 4 goals met.');
});
