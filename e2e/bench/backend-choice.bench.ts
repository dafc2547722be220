/**
 * Issue 10, benchmark 3: does Tandem's measured backend choice (`chooseBackend` from
 * @tandem/worker) pick a backend that runs as fast as the best fixed one? Silero VAD v5 on
 * onnxruntime-web in a module worker: one session per fixed backend (wasm, and webgpu when the
 * browser offers an adapter) and one on the chosen backend ("auto"), then rounds of 16 frames on
 * each, in rotating order, so the three see the same machine at the same moments.
 * Goal: auto within 10% of the best fixed backend (median of per-round ratios).
 */
import type { BenchResult, Metric, PairedComparison, SampleSeries } from './contract.ts';
import { defineBenchmark } from './contract.ts';
import { median } from './stats.ts';
import type { FixedBackend, SetupResult, Variant } from '../pages/bench-backend-choice/protocol.ts';

const FRAMES_PER_SAMPLE = 32;
const SETTLE_MS = 100;

export default defineBenchmark({
  id: 'backend-choice',
  title: 'Backend auto-choice vs each fixed backend (Silero VAD v5, ms per frame)',
  goals: [
    { metric: 'auto-vs-best.ratio', op: '<=', target: 1.1, text: 'the auto-chosen backend runs within 10% of the best fixed backend' },
  ],
  timeoutMs: 10 * 60_000,
  async run(ctx): Promise<BenchResult> {
    const { page } = ctx;
    await page.goto('/bench-backend-choice/');
    await page.locator('#status', { hasText: 'ready' }).waitFor();
    const backends: FixedBackend[] = ctx.webgpuAdapter ? ['wasm', 'webgpu'] : ['wasm'];
    const setup: SetupResult = await page.evaluate(
      (backends) => window.benchBackendChoice.setup({ modelUrl: '/models/silero_vad_v5.onnx', backends, trialRuns: 8 }),
      backends,
    );
    ctx.log(`chose ${setup.chosen} in ${setup.choiceMs.toFixed(0)} ms: ${setup.reason}`);

    const variants: Variant[] = [...backends, 'auto'];
    const samples = new Map<Variant, number[]>(variants.map((v) => [v, []]));
    const repeats = ctx.repeats(15);
    const warmup = 1;
    for (let round = 0; round < warmup + repeats; round++) {
      // Rotate the order each round so no variant always runs first (or right after a GC).
      const order = variants.map((_, i) => variants[(i + round) % variants.length]!);
      for (const v of order) {
        // A short settle: SwiftShader keeps CPU threads busy after a WebGPU run returns.
        await page.waitForTimeout(SETTLE_MS);
        const ms = await page.evaluate(([v, n]) => window.benchBackendChoice.runChunk(v, n), [v, FRAMES_PER_SAMPLE] as const);
        if (round >= warmup) samples.get(v)!.push(ms);
      }
    }

    const series = (v: Variant): SampleSeries => ({
      name: v === 'auto' ? `auto (${setup.chosen})` : `fixed ${v}`,
      unit: 'ms',
      samples: samples.get(v)!,
    });
    const comparisons: PairedComparison[] = backends.map((b) => ctx.compare(`auto-vs-${b}`, series(b), series('auto')));
    const best = [...backends].sort((a, b) => median(samples.get(a)!) - median(samples.get(b)!))[0]!;
    const vsBest = comparisons.find((c) => c.id === `auto-vs-${best}`)!;
    const metrics: Record<string, Metric> = {
      'auto-vs-best.ratio': {
        value: vsBest.ratio,
        unit: 'ratio',
        description: `auto ÷ best fixed backend (${best}), median of per-round ratios`,
      },
      'choice.ms': { value: setup.choiceMs, unit: 'ms', description: 'time chooseBackend took (each candidate opened and timed once)' },
    };
    for (const m of setup.measurements) {
      metrics[`trial.${m.backend}.medianMs`] = {
        value: m.medianMs,
        unit: 'ms',
        description: `chooseBackend's own trial median on ${m.backend}${m.agrees ? '' : ` (disagreed with the reference${m.maxAbsDiff !== undefined ? ` by ${m.maxAbsDiff.toExponential(2)}` : ''})`}${m.error ? `; error: ${m.error}` : ''}`,
      };
    }
    return {
      comparisons,
      metrics,
      notes: [
        `chooseBackend picked ${setup.chosen}: ${setup.reason}`,
        `best fixed backend by median: ${best}; ${FRAMES_PER_SAMPLE} frames per sample, ${repeats} rounds after ${warmup} warm-up, ${setup.threads} wasm threads`,
        ctx.webgpuAdapter
          ? 'webgpu is SwiftShader (software) on this machine'
          : 'webgpu: not measured, the browser offered no adapter',
        'auto uses chooseBackend (@tandem/worker) with raw onnxruntime-web sessions; once the ONNX engine with backend "auto" lands, this should drive it instead',
      ],
    };
  },
});
