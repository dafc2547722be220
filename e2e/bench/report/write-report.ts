/** Writes a run's three files (JSON, HTML, Markdown) and the `latest.*` copies. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { BenchRun } from '../contract.ts';
import { fileStamp } from './format.ts';
import { renderHtml } from './html-report.ts';
import { renderMarkdown } from './markdown-summary.ts';

export interface WrittenReport {
  json: string;
  html: string;
  markdown: string;
  markdownText: string;
}

/** Chart.js's UMD build out of the installed npm package (devDependency of @tandem/e2e). */
export function chartJsSource(): string {
  const require = createRequire(import.meta.url);
  const main = require.resolve('chart.js'); // …/chart.js/dist/chart.cjs
  return readFileSync(join(dirname(main), 'chart.umd.min.js'), 'utf8');
}

export function writeReport(run: BenchRun, dir: string, options: { latest?: boolean } = {}): WrittenReport {
  mkdirSync(dir, { recursive: true });
  const stamp = fileStamp(run.startedAt);
  const markdownText = renderMarkdown(run);
  const files = {
    json: JSON.stringify(run, null, 2) + '\n',
    html: renderHtml(run, chartJsSource()),
    md: markdownText + '\n',
  };
  const out = { json: join(dir, `${stamp}.json`), html: join(dir, `${stamp}.html`), markdown: join(dir, `${stamp}.md`) };
  writeFileSync(out.json, files.json);
  writeFileSync(out.html, files.html);
  writeFileSync(out.markdown, files.md);
  if (options.latest ?? true) {
    writeFileSync(join(dir, 'latest.json'), files.json);
    writeFileSync(join(dir, 'latest.html'), files.html);
    writeFileSync(join(dir, 'latest.md'), files.md);
  }
  return { ...out, markdownText };
}
