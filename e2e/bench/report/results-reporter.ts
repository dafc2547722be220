/**
 * Playwright reporter of the bench config: collects each benchmark's record (attached by
 * run-benchmarks.ts) and, at the end, writes bench-results/<stamp>.{json,html,md} and prints
 * the Markdown summary. A benchmark that died before attaching (timeout, import error) still
 * gets a record saying so, so the report never silently drops one.
 */
import { resolve } from 'node:path';
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import type { BenchRecord, BenchRun, MachineInfo } from '../contract.ts';
import { MACHINE_ATTACHMENT, RECORD_ATTACHMENT, TITLE_ATTACHMENT } from './attachments.ts';
import { writeReport } from './write-report.ts';

export interface ResultsReporterOptions {
  /** Folder for the files; default `bench-results` at the repository root. */
  outputDir?: string;
}

function attachmentJson<T>(result: TestResult, name: string): T | undefined {
  const a = result.attachments.find((x) => x.name === name);
  return a?.body ? (JSON.parse(a.body.toString('utf8')) as T) : undefined;
}

export default class BenchResultsReporter implements Reporter {
  private readonly outputDir: string;
  private startedAt = new Date().toISOString();
  private machine: MachineInfo | null = null;
  private readonly records: BenchRecord[] = [];

  constructor(options: ResultsReporterOptions = {}) {
    this.outputDir = options.outputDir ?? resolve(import.meta.dirname, '../../../bench-results');
  }

  onBegin(): void {
    this.startedAt = new Date().toISOString();
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    this.machine ??= attachmentJson<MachineInfo>(result, MACHINE_ATTACHMENT) ?? null;
    const record = attachmentJson<BenchRecord>(result, RECORD_ATTACHMENT);
    if (record) {
      this.records.push(record);
      return;
    }
    const skipped = result.status === 'skipped';
    this.records.push({
      id: test.title,
      title: attachmentJson<{ title: string }>(result, TITLE_ATTACHMENT)?.title ?? test.title,
      status: skipped ? 'skipped' : 'failed',
      error: result.error?.message ?? `ended with status ${result.status}`,
      durationMs: result.duration,
      result: {},
      summaries: {},
      metrics: {},
      goals: [],
    });
  }

  onEnd(_result: FullResult): void {
    const run: BenchRun = {
      schema: 1,
      startedAt: this.startedAt,
      finishedAt: new Date().toISOString(),
      machine: this.machine,
      benchmarks: this.records,
    };
    const written = writeReport(run, this.outputDir);
    console.log(`\n${written.markdownText}\n`);
    console.log(`bench: wrote ${written.json}\n       ${written.html}\n       ${written.markdown}`);
  }

  printsToStdio(): boolean {
    return true;
  }
}
