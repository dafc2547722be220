import * as Comlink from 'comlink';
import * as ort from 'onnxruntime-web/webgpu';
import { chooseBackend, type BackendChoice, type ChoiceStore } from '@tandem/worker';
import type { BackendChoiceWorkerApi, SetupRequest, SetupResult, Variant } from './protocol.ts';

/** Silero VAD v5 input: 64 samples of context + a 512-sample frame at 16 kHz. */
const INPUT_SAMPLES = 64 + 512;
const FRAMES_IN_SIGNAL = 64;

/** A fixed test signal: half tones-plus-noise ("speech-ish"), half near-silence. */
function signal(): Float32Array[] {
  let seed = 4242;
  const frames: Float32Array[] = [];
  for (let f = 0; f < FRAMES_IN_SIGNAL; f++) {
    const loud = f < FRAMES_IN_SIGNAL / 2;
    const x = new Float32Array(INPUT_SAMPLES);
    for (let i = 0; i < x.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const t = f * 512 + i;
      const noise = (seed / 2 ** 32 - 0.5) * (loud ? 0.1 : 0.002);
      x[i] = (loud ? 0.3 * Math.sin((2 * Math.PI * 180 * t) / 16000) * (1 + Math.sin((2 * Math.PI * 4 * t) / 16000)) : 0) + noise;
    }
    frames.push(x);
  }
  return frames;
}

const frames = signal();
const sessions = new Map<Variant, ort.InferenceSession>();
const states = new Map<Variant, ort.Tensor>();
const sr = new ort.Tensor('int64', BigInt64Array.from([16000n]), []);
/** Each variant walks the same signal from its own position, so all see the same frames. */
const cursors = new Map<Variant, number>();

function freshState(): ort.Tensor {
  return new ort.Tensor('float32', new Float32Array(2 * 128), [2, 1, 128]);
}

/** One frame through a session, carrying the recurrent state; returns the speech probability. */
async function step(session: ort.InferenceSession, variant: Variant, frame: Float32Array): Promise<number> {
  const out = await session.run({ input: new ort.Tensor('float32', frame, [1, INPUT_SAMPLES]), state: states.get(variant) ?? freshState(), sr });
  const next = out.stateN;
  const prob = out.output;
  if (!next || !prob) throw new Error(`unexpected Silero outputs: ${Object.keys(out).join(', ')}`);
  states.set(variant, next);
  return (prob.data as Float32Array)[0] ?? Number.NaN;
}

/** Choices live in memory here: every page load measures afresh, nothing leaks between samples. */
function memoryStore(): ChoiceStore {
  const map = new Map<string, BackendChoice>();
  return { get: (k) => Promise.resolve(map.get(k)), set: (k, v) => Promise.resolve(void map.set(k, v)) };
}

const api: BackendChoiceWorkerApi = {
  async setup({ modelUrl, backends, trialRuns }: SetupRequest): Promise<SetupResult> {
    const threads = self.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1;
    ort.env.wasm.numThreads = threads;
    const bytes = new Uint8Array(await (await fetch(modelUrl)).arrayBuffer());
    const t0 = performance.now();
    const choice = await chooseBackend({
      modelId: 'silero_vad_v5',
      modelVersion: '5',
      fingerprint: 'bench',
      candidates: backends,
      store: memoryStore(),
      remeasure: true,
      async trial(backend) {
        const l0 = performance.now();
        const session = await ort.InferenceSession.create(bytes, { executionProviders: [backend] });
        const loadMs = performance.now() - l0;
        const timesMs: number[] = [];
        const output: number[] = [];
        let state = freshState();
        try {
          for (let i = 0; i < trialRuns; i++) {
            const r0 = performance.now();
            const out = await session.run({ input: new ort.Tensor('float32', frames[i % frames.length]!, [1, INPUT_SAMPLES]), state, sr });
            timesMs.push(performance.now() - r0);
            state = out.stateN!;
            output.push((out.output!.data as Float32Array)[0] ?? Number.NaN);
          }
        } finally {
          await session.release();
        }
        return { loadMs, timesMs, output };
      },
    });
    const choiceMs = performance.now() - t0;
    for (const b of backends) sessions.set(b, await ort.InferenceSession.create(bytes, { executionProviders: [b] }));
    sessions.set('auto', await ort.InferenceSession.create(bytes, { executionProviders: [choice.backend] }));
    return { chosen: choice.backend, reason: choice.reason, choiceMs, measurements: choice.measurements, threads };
  },

  async runChunk(variant, count) {
    const session = sessions.get(variant);
    if (!session) throw new Error(`no session for ${variant}; call setup first`);
    const cursor = cursors.get(variant) ?? 0;
    const t0 = performance.now();
    for (let i = 0; i < count; i++) {
      await step(session, variant, frames[(cursor + i) % frames.length]!);
    }
    cursors.set(variant, (cursor + count) % frames.length);
    return (performance.now() - t0) / count;
  },
};

Comlink.expose(api);
