/**
 * Builds the `BenchContext` a benchmark's `run` receives: the browser, fresh pages, and the
 * measuring helpers that feed every sample through `stats.ts`.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import type { BenchContext } from './contract.ts';
import { measureSeries, pairVariants } from './sampling.ts';
import { comparePaired } from './stats.ts';

export interface BenchContextOptions {
  id: string;
  browser: Browser;
  baseURL: string;
  webgpuAdapter: boolean;
  outputDir: string;
  /** TANDEM_BENCH_REPEATS, parsed; undefined keeps each benchmark's own counts. */
  repeatsOverride: number | undefined;
  log?: (line: string) => void;
}

export interface OwnedBenchContext {
  ctx: BenchContext;
  /** Close every browser context the benchmark got; safe to call twice. */
  dispose(): Promise<void>;
}

/** Parses TANDEM_BENCH_REPEATS; rejects anything but a positive integer so a typo is loud. */
export function parseRepeatsOverride(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`TANDEM_BENCH_REPEATS must be a positive integer, got "${raw}"`);
  return n;
}

export async function createBenchContext(options: BenchContextOptions): Promise<OwnedBenchContext> {
  const { id, browser, baseURL } = options;
  const contexts: BrowserContext[] = [];
  const print = options.log ?? ((line: string) => console.log(line));
  const log = (message: string): void => print(`[bench:${id}] ${message}`);

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ baseURL });
    contexts.push(context);
    const page = await context.newPage();
    // A page error would otherwise only show up as a timeout in the benchmark.
    page.on('pageerror', (error) => log(`page error: ${error.message}`));
    return page;
  }

  const page = await newPage();
  const ctx: BenchContext = {
    browser,
    page,
    newPage,
    baseURL,
    webgpuAdapter: options.webgpuAdapter,
    outputDir: options.outputDir,
    repeats: (preferred) => options.repeatsOverride ?? preferred,
    measure: measureSeries,
    pair: pairVariants,
    compare: comparePaired,
    log,
  };
  let disposed = false;
  return {
    ctx,
    async dispose() {
      if (disposed) return;
      disposed = true;
      await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    },
  };
}
