/**
 * The baseline: plain onnxruntime-web in a plain comlink worker, the loop every Silero user
 * writes, timed inside the worker around session.run only. No Tandem code.
 */
import * as Comlink from 'comlink';
import * as ort from 'onnxruntime-web/webgpu';
import type { BenchBackend, RawVadApi } from './protocol.ts';

let session: ort.InferenceSession | undefined;

const api: RawVadApi = {
  async open(modelUrl: string, backend: BenchBackend, numThreads: number) {
    ort.env.wasm.numThreads = numThreads;
    const bytes = new Uint8Array(await (await fetch(modelUrl)).arrayBuffer());
    session = await ort.InferenceSession.create(bytes, { executionProviders: [backend] });
  },
  async run(audio: Float32Array) {
    if (!session) throw new Error('open first');
    const started = performance.now();
    const frames = Math.ceil(audio.length / 512);
    const probabilities = new Float32Array(frames);
    const sr = new ort.Tensor('int64', BigInt64Array.from([16000n]), []);
    let state: ort.Tensor = new ort.Tensor('float32', new Float32Array(256), [2, 1, 128]);
    let context = new Float32Array(64);
    for (let f = 0; f < frames; f++) {
      const input = new Float32Array(576);
      input.set(context, 0);
      input.set(audio.subarray(f * 512, (f + 1) * 512), 64);
      const out = await session.run({ input: new ort.Tensor('float32', input, [1, 576]), state, sr });
      probabilities[f] = (out.output!.data as Float32Array)[0]!;
      state = out.stateN!;
      context = input.slice(512);
    }
    const ms = performance.now() - started;
    return Comlink.transfer({ ms, probabilities }, [probabilities.buffer]);
  },
};

Comlink.expose(api);
