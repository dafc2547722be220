/**
 * How much of starting a model is paid once per page: onnxruntime-web session creation for
 * Silero VAD v5, cold (first session in a fresh browser context and worker: runtime wasm
 * fetched, compiled and started, model fetched) vs warm (a second session right after in the
 * same worker). This is what a worker host that keeps its runtime alive saves, and what a
 * one-shot stage pays. Needs nothing but onnxruntime-web and the Silero model the e2e preview
 * already serves.
 */
import type { Page } from '@playwright/test';
import type { BenchContext, BenchResult, Metric, SampleSeries } from './contract.ts';
import { defineBenchmark } from './contract.ts';
import { median } from './stats.ts';
import type { ColdWarmResult, SessionBackend, SessionPhase } from '../pages/bench-ort-session/protocol.ts';

const MODEL_URL = '/models/silero_vad_v5.onnx';
const STEADY_RUNS = 20;

async function coldThenWarm(ctx: BenchContext, backend: SessionBackend): Promise<ColdWarmResult> {
  // A new context per sample: its own HTTP cache, so "cold" really fetches and compiles.
  const page: Page = await ctx.newPage();
  try {
    await page.goto('/bench-ort-session/');
    await page.locator('#status', { hasText: 'ready' }).waitFor();
    return await page.evaluate(
      ({ modelUrl, backend, steadyRuns }) => window.benchOrtSession.coldThenWarm({ modelUrl, backend, steadyRuns }),
      { modelUrl: MODEL_URL, backend, steadyRuns: STEADY_RUNS },
    );
  } finally {
    await page.context().close();
  }
}

const pick = (rs: ColdWarmResult[], side: 'cold' | 'warm', key: keyof SessionPhase): number[] => rs.map((r) => r[side][key]);

function series(name: string, unit: SampleSeries['unit'], samples: number[]): SampleSeries {
  return { name, unit, samples };
}

async function measureBackend(ctx: BenchContext, backend: SessionBackend, repeats: number): Promise<BenchResult> {
  ctx.log(`${backend}: 1 warm-up + ${repeats} fresh contexts, cold then warm session in each`);
  await coldThenWarm(ctx, backend); // warm-up: first-ever compile of the page, disk caches of the OS
  const runs: ColdWarmResult[] = [];
  for (let i = 0; i < repeats; i++) {
    const r = await coldThenWarm(ctx, backend);
    runs.push(r);
    ctx.log(`${backend} #${i + 1}: cold ${r.cold.totalMs.toFixed(0)} ms, warm ${r.warm.totalMs.toFixed(0)} ms`);
  }
  const startup = ctx.compare(
    `${backend}-cold-vs-warm`,
    series(`cold session (${backend})`, 'ms', pick(runs, 'cold', 'totalMs')),
    series(`warm session (${backend})`, 'ms', pick(runs, 'warm', 'totalMs')),
  );
  const firstRun = ctx.compare(
    `${backend}-first-run-vs-steady`,
    series(`first session.run (${backend}, warm session)`, 'ms', pick(runs, 'warm', 'firstRunMs')),
    series(`steady session.run (${backend}, median of ${STEADY_RUNS})`, 'ms', pick(runs, 'warm', 'steadyRunMs')),
  );
  const metrics: Record<string, Metric> = {
    [`${backend}.coldTransferBytes`]: {
      value: median(pick(runs, 'cold', 'transferBytes')),
      unit: 'bytes',
      description: 'bytes transferred during a cold session (runtime wasm + model), median',
    },
    [`${backend}.warmTransferBytes`]: {
      value: median(pick(runs, 'warm', 'transferBytes')),
      unit: 'bytes',
      description: 'bytes transferred during a warm session (HTTP cache revalidation at most), median',
    },
    [`${backend}.threads`]: { value: runs[0]?.threads ?? 0, unit: 'count', description: 'ort.env.wasm.numThreads' },
  };
  return {
    comparisons: [startup, firstRun],
    series: [
      series(`cold model fetch (${backend})`, 'ms', pick(runs, 'cold', 'fetchMs')),
      series(`cold create (${backend})`, 'ms', pick(runs, 'cold', 'createMs')),
      series(`warm model fetch (${backend})`, 'ms', pick(runs, 'warm', 'fetchMs')),
      series(`warm create (${backend})`, 'ms', pick(runs, 'warm', 'createMs')),
    ],
    metrics,
    notes: [
      `${backend}: onnxruntime-web 1.30 (onnxruntime-web/webgpu bundle) in a module worker, crossOriginIsolated=${runs[0]?.crossOriginIsolated}, ${runs[0]?.threads} wasm threads`,
    ],
  };
}

export default defineBenchmark({
  id: 'ort-session',
  title: 'onnxruntime-web session start, cold vs warm (Silero VAD v5)',
  goals: [
    {
      metric: 'wasm-cold-vs-warm.ratio',
      op: '<=',
      target: 0.5,
      text: 'a warm session (runtime kept alive) starts in at most half the time of a cold one',
    },
  ],
  timeoutMs: 10 * 60_000,
  async run(ctx) {
    const repeats = ctx.repeats(12);
    const wasm = await measureBackend(ctx, 'wasm', repeats);
    if (!ctx.webgpuAdapter) {
      return { ...wasm, notes: [...(wasm.notes ?? []), 'webgpu: skipped, the browser offered no adapter'] };
    }
    const webgpu = await measureBackend(ctx, 'webgpu', Math.max(1, Math.ceil(repeats / 2)));
    return {
      comparisons: [...(wasm.comparisons ?? []), ...(webgpu.comparisons ?? [])],
      series: [...(wasm.series ?? []), ...(webgpu.series ?? [])],
      metrics: { ...wasm.metrics, ...webgpu.metrics },
      notes: [...(wasm.notes ?? []), ...(webgpu.notes ?? []), 'webgpu runs on SwiftShader (software) here: a functional number, not a GPU one'],
    };
  },
});
