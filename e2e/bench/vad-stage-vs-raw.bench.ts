/**
 * Issue 10, benchmark 1: what Tandem's runtime costs on top of onnxruntime-web. One Silero VAD v5
 * stage call over 1 s of 16 kHz audio (32 frames), timed in the page around `runner.run` (page →
 * worker host → stage → back, transfers included), against the raw `session.run` loop over the
 * same frames timed inside a plain worker; same model, backend and thread count, interleaved
 * AB/BA. Goal: the stage call ≤ 1.05× raw.
 */
import type { BenchResult, PairedComparison } from './contract.ts';
import { defineBenchmark } from './contract.ts';

const REPEATS = 60;
/**
 * SwiftShader's WebGPU takes ~0.3 s per Silero frame here, so 60 paired calls of 32 frames would
 * take a quarter of an hour: the WebGPU pair runs only when asked for.
 */
const WITH_WEBGPU = process.env.TANDEM_BENCH_VAD_WEBGPU === '1';

export default defineBenchmark({
  id: 'vad-stage-vs-raw',
  title: 'Tandem VAD stage call vs raw onnxruntime-web session.run (Silero v5, 1 s of audio)',
  goals: [{ metric: 'wasm.stage-vs-raw.ratio', op: '<=', target: 1.05, text: 'Tandem stage call ≤ 1.05× raw session.run (wasm)' }],
  timeoutMs: 10 * 60_000,
  async run(ctx): Promise<BenchResult> {
    const comparisons: PairedComparison[] = [];
    const notes: string[] = [];
    const backends = ctx.webgpuAdapter && WITH_WEBGPU ? (['wasm', 'webgpu'] as const) : (['wasm'] as const);
    if (!ctx.webgpuAdapter) notes.push('no WebGPU adapter: wasm only');
    else if (!WITH_WEBGPU) notes.push('WebGPU (SwiftShader) pair skipped: ~0.3 s per frame; TANDEM_BENCH_VAD_WEBGPU=1 runs it');
    for (const backend of backends) {
      const page = backend === 'wasm' ? ctx.page : await ctx.newPage();
      await page.goto(`${ctx.baseURL}/bench-vad/`);
      await page.locator('#status', { hasText: 'ready' }).waitFor();
      const setup = await page.evaluate((b) => window.benchVad.setup(b), backend);
      ctx.log(`${backend}: ${JSON.stringify(setup)}`);
      notes.push(`${backend}: stage reported backend ${setup.backend}, ${setup.threads} WASM thread(s), ${setup.frames} frames per call, max |Δp| stage vs raw ${setup.maxDiff.toExponential(2)}`);
      comparisons.push(
        await ctx.pair({
          id: `${backend}.stage-vs-raw`,
          unit: 'ms',
          repeats: ctx.repeats(REPEATS),
          warmup: 5,
          baseline: { name: `raw session.run ×${setup.frames} (${backend})`, run: () => page.evaluate(() => window.benchVad.raw()) },
          candidate: { name: `Tandem VAD stage call (${backend}, worker)`, run: () => page.evaluate(() => window.benchVad.stage()) },
        }),
      );
    }
    return { comparisons, notes };
  },
});
