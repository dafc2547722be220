/**
 * The one Playwright "test file" of the bench config: it turns every `*.bench.ts` beside it into
 * a test, runs it with a `BenchContext`, and attaches the record for the results reporter
 * (report/results-reporter.ts), which writes the JSON, HTML and Markdown at the end.
 * Modules are imported inside their test, so one broken benchmark fails alone.
 */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from '@playwright/test';
import { createBenchContext, parseRepeatsOverride } from './bench-context.ts';
import type { BenchRecord, BenchResult, Benchmark, MachineInfo } from './contract.ts';
import { collectMachineInfo } from './machine-info.ts';
import { MACHINE_ATTACHMENT, RECORD_ATTACHMENT, TITLE_ATTACHMENT } from './report/attachments.ts';
import { evaluateResult } from './report/evaluate.ts';

const DEFAULT_TIMEOUT_MS = 10 * 60_000;
const benchDir = import.meta.dirname;
const files = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
const repeatsOverride = parseRepeatsOverride(process.env.TANDEM_BENCH_REPEATS);

let machine: MachineInfo | undefined;

function isBenchmark(value: unknown): value is Benchmark {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === 'string' && typeof v.title === 'string' && Array.isArray(v.goals) && typeof v.run === 'function';
}

/** Room after a benchmark's own budget for closing its contexts and attaching the record. */
const GRACE_MS = 60_000;

/** Rejects after `ms`, so a stuck benchmark ends with a record saying so, not a bare abort. */
function budget(ms: number, id: string): { expired: Promise<never>; clear(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${id} exceeded its time budget of ${Math.round(ms / 1000)} s (Benchmark.timeoutMs)`)), ms);
  });
  return { expired, clear: () => clearTimeout(timer) };
}

// Not serial: one benchmark failing must not skip the others.
for (const file of files) {
  const id = file.slice(0, -'.bench.ts'.length);
  test(id, async ({ browser, baseURL }, testInfo) => {
    test.setTimeout(DEFAULT_TIMEOUT_MS + GRACE_MS);
    if (!baseURL) throw new Error('bench config has no baseURL');
    const mod: { default?: unknown } = await import(pathToFileURL(resolve(benchDir, file)).href);
    const bench = mod.default;
    if (!isBenchmark(bench)) throw new TypeError(`${file}: the default export is not a Benchmark (see e2e/bench/contract.ts)`);
    if (bench.id !== id) throw new TypeError(`${file}: id "${bench.id}" must equal the file name "${id}"`);
    await testInfo.attach(TITLE_ATTACHMENT, { body: JSON.stringify({ title: bench.title }), contentType: 'application/json' });

    machine ??= await collectMachineInfo(browser, baseURL);
    await testInfo.attach(MACHINE_ATTACHMENT, { body: JSON.stringify(machine), contentType: 'application/json' });
    const budgetMs = bench.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    test.setTimeout(budgetMs + GRACE_MS);

    const owned = await createBenchContext({
      id,
      browser,
      baseURL,
      webgpuAdapter: machine.webgpuAdapter !== null,
      outputDir: testInfo.outputDir,
      repeatsOverride,
    });
    const started = performance.now();
    let result: BenchResult = {};
    let error: unknown;
    const limit = budget(budgetMs, id);
    try {
      const running = bench.run(owned.ctx);
      // If the budget wins, the run's later rejection (its page closed under it) is expected.
      running.catch(() => undefined);
      result = await Promise.race([running, limit.expired]);
    } catch (e) {
      error = e;
    } finally {
      limit.clear();
      // Closing the contexts also ends whatever the benchmark still has in flight in the browser.
      await owned.dispose();
    }
    const record: BenchRecord = {
      id,
      title: bench.title,
      status: error === undefined ? 'passed' : 'failed',
      ...(error === undefined ? {} : { error: error instanceof Error ? error.message : String(error) }),
      durationMs: performance.now() - started,
      ...evaluateResult(bench.goals, result),
    };
    await testInfo.attach(RECORD_ATTACHMENT, { body: JSON.stringify(record), contentType: 'application/json' });
    if (error !== undefined) throw error;
  });
}
