import * as Comlink from 'comlink';
import * as ort from 'onnxruntime-web/webgpu';
import type { ColdWarmRequest, ColdWarmResult, OrtSessionWorkerApi, SessionPhase } from './protocol.ts';

/** Silero VAD v5 input: 64 samples of context + a 512-sample frame at 16 kHz. */
const INPUT_SAMPLES = 64 + 512;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** A fixed, speech-band-ish test frame (two tones plus deterministic noise). */
function testFrame(): Float32Array {
  const x = new Float32Array(INPUT_SAMPLES);
  let seed = 12345;
  for (let i = 0; i < x.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    x[i] = 0.3 * Math.sin((2 * Math.PI * 220 * i) / 16000) + 0.2 * Math.sin((2 * Math.PI * 1330 * i) / 16000) + 0.05 * (seed / 2 ** 32 - 0.5);
  }
  return x;
}

function transferredSince(mark: number): number {
  const entries = performance.getEntriesByType('resource').slice(mark) as PerformanceResourceTiming[];
  return entries.reduce((sum, e) => sum + e.transferSize, 0);
}

async function phase({ modelUrl, backend, steadyRuns }: ColdWarmRequest): Promise<SessionPhase> {
  const mark = performance.getEntriesByType('resource').length;
  const t0 = performance.now();
  const bytes = new Uint8Array(await (await fetch(modelUrl)).arrayBuffer());
  const t1 = performance.now();
  const session = await ort.InferenceSession.create(bytes, { executionProviders: [backend] });
  const t2 = performance.now();
  const feeds = {
    input: new ort.Tensor('float32', testFrame(), [1, INPUT_SAMPLES]),
    state: new ort.Tensor('float32', new Float32Array(2 * 128), [2, 1, 128]),
    sr: new ort.Tensor('int64', BigInt64Array.from([16000n]), []),
  };
  const r0 = performance.now();
  await session.run(feeds);
  const firstRunMs = performance.now() - r0;
  const steady: number[] = [];
  for (let i = 0; i < steadyRuns; i++) {
    const s = performance.now();
    await session.run(feeds);
    steady.push(performance.now() - s);
  }
  await session.release();
  return {
    fetchMs: t1 - t0,
    createMs: t2 - t1,
    totalMs: t2 - t0,
    firstRunMs,
    steadyRunMs: median(steady),
    transferBytes: transferredSince(mark),
  };
}

const api: OrtSessionWorkerApi = {
  async coldThenWarm(request: ColdWarmRequest): Promise<ColdWarmResult> {
    performance.setResourceTimingBufferSize(10_000);
    const threads = self.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1;
    ort.env.wasm.numThreads = threads;
    const cold = await phase(request);
    const warm = await phase(request);
    return { cold, warm, threads, crossOriginIsolated: self.crossOriginIsolated };
  },
};

Comlink.expose(api);
