/**
 * The plug-in contract of Tandem's benchmark harness: what a benchmark module exports, what the
 * harness hands it, and what it hands back. Kept dependency-light (Playwright types only) so a
 * benchmark file imports nothing else from the harness but `import type … from './contract.ts'`.
 *
 * A benchmark is a file `e2e/bench/<id>.bench.ts` whose default export is a `Benchmark`
 * (use `defineBenchmark` for inference). See e2e/bench/README.md.
 */
import type { Browser, Page } from '@playwright/test';

/** Comparison operators a goal may use against a metric's value. */
export type GoalOp = '<=' | '<' | '>=' | '>' | '==';

/**
 * One checkable goal. `metric` names a key of `BenchResult.metrics`, or a comparison's derived
 * metric `<comparisonId>.ratio` (median of per-pair ratios) or `<comparisonId>.ratioOfMedians`.
 */
export interface Goal {
  metric: string;
  op: GoalOp;
  target: number;
  /** Human wording printed in the report, e.g. "Tandem stage ≤ 1.05× raw session.run". */
  text: string;
}

/** Unit of a number, used for labels and formatting only. */
export type Unit = 'ms' | 's' | 'bytes' | 'ratio' | 'percent' | 'count' | 'x-realtime' | 'req/s';

/** Raw repeated samples of one variant (e.g. "raw session.run"), in measurement order. */
export interface SampleSeries {
  name: string;
  unit: Unit;
  /** Every kept sample (warm-up samples are not here), in the order they were taken. */
  samples: number[];
}

/** Summary numbers of one series, computed by the harness's statistics (e2e/bench/stats.ts). */
export interface SeriesSummary {
  n: number;
  min: number;
  max: number;
  mean: number;
  median: number;
  /** 95th percentile, linear interpolation between order statistics (type 7, as numpy's default). */
  p95: number;
}

/**
 * Two variants measured side by side in the same run, interleaved pair by pair, so that drift
 * on a shared machine hits both alike. `ratio` is candidate ÷ baseline.
 */
export interface PairedComparison {
  id: string;
  baseline: SampleSeries;
  candidate: SampleSeries;
  /** candidate[i] ÷ baseline[i] for each pair i. */
  pairRatios: number[];
  /**
   * Median of the per-pair ratios: the headline number (robust to slow drift and outliers); for an
   * even count the two middle ratios meet geometrically (see `medianRatio` in stats.ts).
   */
  ratio: number;
  /** median(candidate) ÷ median(baseline): printed beside `ratio` as a cross-check. */
  ratioOfMedians: number;
  /** Distribution-free ~95% confidence interval of the median per-pair ratio (order statistics). */
  ratioCi95: [number, number];
}

/** A single named number a benchmark reports (bytes out, WER, RTF, req/s, …). */
export interface Metric {
  value: number;
  unit: Unit;
  /** What the number means, one line. */
  description: string;
}

/** What `Benchmark.run` returns. Everything is optional but at least one thing should be there. */
export interface BenchResult {
  /** Series measured on their own (not paired); charted and summarised. */
  series?: SampleSeries[];
  /** Side-by-side comparisons from `ctx.pair`; charted, summarised and their ratios become metrics. */
  comparisons?: PairedComparison[];
  /** Named scalar numbers; keys are what `Goal.metric` refers to. */
  metrics?: Record<string, Metric>;
  /** Free-form remarks worth printing (settings, caveats, what was skipped and why). */
  notes?: string[];
}

/** Options of `ctx.measure`. */
export interface MeasureOptions {
  name: string;
  unit: Unit;
  /** Kept samples. Scaled by TANDEM_BENCH_REPEATS when set (see `ctx.repeats`). */
  repeats: number;
  /** Samples taken first and thrown away (JIT, caches, lazy init). Default 1. */
  warmup?: number;
}

/** One variant of a paired comparison: `run(i)` takes one sample and returns it (ms, bytes, …). */
export interface Variant {
  name: string;
  run: (i: number) => Promise<number>;
}

/** Options of `ctx.pair`. */
export interface PairOptions {
  id: string;
  unit: Unit;
  baseline: Variant;
  candidate: Variant;
  repeats: number;
  warmup?: number;
}

/** What the harness gives each benchmark. */
export interface BenchContext {
  /**
   * Debian's headless Chromium, launched with the project's flags plus the WebGPU ones
   * (e2e/support/chromium.ts), so a SwiftShader WebGPU adapter is present when the machine
   * offers one; `webgpuAdapter` says whether it did.
   */
  browser: Browser;
  /** A fresh page in a fresh browser context (own storage and cache), not yet navigated. */
  page: Page;
  /**
   * Another fresh page in its own new context (empty IndexedDB, Cache Storage and HTTP cache),
   * with `baseURL` set; the harness closes it after the run. Use it for "cold" samples.
   */
  newPage(): Promise<Page>;
  /** Base URL of the e2e preview server (COOP/COEP, production build of e2e/pages/*). */
  baseURL: string;
  /** Whether `navigator.gpu.requestAdapter()` resolved an adapter in this browser. */
  webgpuAdapter: boolean;
  /** Where a benchmark may write artifacts (logs, traces); inside Playwright's output folder. */
  outputDir: string;
  /** `preferred` unless TANDEM_BENCH_REPEATS overrides it (e.g. 3 for a quick smoke run). */
  repeats(preferred: number): number;
  /** Take `repeats` samples of one variant after `warmup` discarded ones. */
  measure(options: MeasureOptions, sample: (i: number) => Promise<number>): Promise<SampleSeries>;
  /**
   * Take baseline and candidate samples interleaved (AB, BA, AB, … so neither always goes
   * first), after `warmup` discarded pairs, and compute their ratios.
   */
  pair(options: PairOptions): Promise<PairedComparison>;
  /**
   * Pair series the benchmark took itself, for pairs whose order is inherent (a cold load and
   * then the warm one in the same page): same statistics as `pair`.
   */
  compare(id: string, baseline: SampleSeries, candidate: SampleSeries): PairedComparison;
  /** Print a progress line (prefixed with the benchmark id). */
  log(message: string): void;
}

/** What a `*.bench.ts` module exports as default. */
export interface Benchmark {
  /** Unique kebab-case id, equal to the file name before `.bench.ts`. */
  id: string;
  title: string;
  /** One or more goals checked against the result; `[]` when the benchmark only reports. */
  goals: Goal[];
  /** Per-benchmark time budget in ms (default 10 minutes). */
  timeoutMs?: number;
  run(ctx: BenchContext): Promise<BenchResult>;
}

/** Identity helper so a benchmark file gets full type checking on its literal. */
export function defineBenchmark(benchmark: Benchmark): Benchmark {
  return benchmark;
}

/** The verdict of one goal after a run. */
export interface GoalVerdict extends Goal {
  /** The value found, or null when the metric was missing (which counts as not met). */
  value: number | null;
  met: boolean;
}

/** One benchmark's record in the results file. */
export interface BenchRecord {
  id: string;
  title: string;
  status: 'passed' | 'failed' | 'skipped';
  /** Error message when `status` is failed, reason when skipped. */
  error?: string;
  durationMs: number;
  result: BenchResult;
  /** Per series: key `<series name>`, or `<comparison id>/<series name>` for paired ones. */
  summaries: Record<string, SeriesSummary>;
  /** The benchmark's own metrics plus each comparison's `<id>.ratio` and `<id>.ratioOfMedians`. */
  metrics: Record<string, Metric>;
  goals: GoalVerdict[];
}

/** The machine a run happened on. */
export interface MachineInfo {
  os: string;
  cpuModel: string;
  cores: number;
  memoryBytes: number;
  node: string;
  chromiumVersion: string;
  /** e.g. "google / swiftshader (fallback)" or null when the browser offered none. */
  webgpuAdapter: string | null;
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
  userAgent: string;
}

/** The whole `bench-results/<date>.json` file. */
export interface BenchRun {
  schema: 1;
  startedAt: string;
  finishedAt: string;
  machine: MachineInfo | null;
  benchmarks: BenchRecord[];
}
