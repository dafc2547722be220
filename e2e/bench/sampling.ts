/**
 * How samples are taken: warm-ups thrown away, pairs interleaved with alternating order. Kept
 * apart from the browser plumbing (bench-context.ts) so it is unit-tested on its own.
 */
import type { MeasureOptions, PairOptions, PairedComparison, SampleSeries } from './contract.ts';
import { comparePaired } from './stats.ts';

function checkFinite(what: string, value: number): number {
  if (!Number.isFinite(value)) throw new RangeError(`${what} returned ${value}, not a finite number`);
  return value;
}

/** `warmup` (default 1) discarded calls, then `repeats` kept ones; `i` counts every call. */
export async function measureSeries(opts: MeasureOptions, sample: (i: number) => Promise<number>): Promise<SampleSeries> {
  const warmup = opts.warmup ?? 1;
  const samples: number[] = [];
  for (let i = 0; i < warmup + opts.repeats; i++) {
    const value = checkFinite(`${opts.name} sample ${i}`, await sample(i));
    if (i >= warmup) samples.push(value);
  }
  return { name: opts.name, unit: opts.unit, samples };
}

/**
 * Baseline and candidate back to back, `warmup` (default 1) discarded pairs first. Even rounds
 * run the baseline first, odd rounds the candidate, so a "second in line" advantage (warm caches,
 * a GC the first one triggered) is shared out evenly.
 */
export async function pairVariants(opts: PairOptions): Promise<PairedComparison> {
  const warmup = opts.warmup ?? 1;
  const base: number[] = [];
  const cand: number[] = [];
  for (let i = 0; i < warmup + opts.repeats; i++) {
    let b: number;
    let c: number;
    if (i % 2 === 0) {
      b = await opts.baseline.run(i);
      c = await opts.candidate.run(i);
    } else {
      c = await opts.candidate.run(i);
      b = await opts.baseline.run(i);
    }
    checkFinite(`${opts.baseline.name} sample ${i}`, b);
    checkFinite(`${opts.candidate.name} sample ${i}`, c);
    if (i >= warmup) {
      base.push(b);
      cand.push(c);
    }
  }
  return comparePaired(
    opts.id,
    { name: opts.baseline.name, unit: opts.unit, samples: base },
    { name: opts.candidate.name, unit: opts.unit, samples: cand },
  );
}
