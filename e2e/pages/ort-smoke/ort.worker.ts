import * as Comlink from 'comlink';
import * as ort from 'onnxruntime-web/webgpu';
import type { SmokeRunRequest, SmokeRunResult, SmokeWorkerApi } from './protocol.ts';

/** Silero VAD v5 looks at 64 samples of the previous frame in front of each 512-sample frame. */
const CONTEXT = 64;

const api: SmokeWorkerApi = {
  async run({ modelUrl, backend, frames }: SmokeRunRequest): Promise<SmokeRunResult> {
    const threads = self.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1;
    ort.env.wasm.numThreads = threads;
    const session = await ort.InferenceSession.create(modelUrl, { executionProviders: [backend] });
    let state: ort.Tensor = new ort.Tensor('float32', new Float32Array(2 * 128), [2, 1, 128]);
    const sr = new ort.Tensor('int64', BigInt64Array.from([16000n]), []);
    let context = new Float32Array(CONTEXT);
    const probabilities: number[] = [];
    for (const frame of frames) {
      const input = new Float32Array(CONTEXT + frame.length);
      input.set(context, 0);
      input.set(frame, CONTEXT);
      const out = await session.run({ input: new ort.Tensor('float32', input, [1, input.length]), state, sr });
      const prob = out.output;
      const next = out.stateN;
      if (!prob || !next) throw new Error(`unexpected outputs: ${Object.keys(out).join(', ')}`);
      probabilities.push((prob.data as Float32Array)[0] ?? Number.NaN);
      state = next;
      context = input.slice(input.length - CONTEXT);
    }
    await session.release();
    return { probabilities, backend, threads, crossOriginIsolated: self.crossOriginIsolated };
  },
};

Comlink.expose(api);
