/**
 * The page the runtime specs drive: one worker pool (an ONNX worker per model key, a TF.js worker
 * for the face detector) and in-page runners of the same stages, exposed as `window.runtime`.
 * Results cross back to Playwright as plain JSON; errors as {name, code, message, elapsedMs}.
 */
import type { DeviceCapabilities } from '@tandem/core';
import { createModelStore } from '@tandem/model-store';
import { createSileroVadStage, type SileroVadConfig, type VadInput, type VadOutput, type VadRunReport } from '@tandem/runtime-onnx';
import { createInPageRunner, createWorkerPool, probeCapabilities, type LocalRunReport, type LocalStageRunner, type ModelHealth } from '@tandem/worker';
import type { EchoOutput, MisbehaviourInput } from './probe-stages.ts';
import { faceApi } from './face.ts';
import { scorerApi } from './scorer.ts';
import { RUNTIME_STORE, VAD_MANIFEST } from './runtime-store.ts';
import { sourcedVadStage, type SourcedVadConfig } from './sourced-vad.ts';

const pool = createWorkerPool({
  createWorker: (model) =>
    model.startsWith('tfjs:')
      ? new Worker(new URL('./tfjs.worker.ts', import.meta.url), { type: 'module', name: model })
      : new Worker(new URL('./onnx.worker.ts', import.meta.url), { type: 'module', name: model }),
});

const crashEvents: { type: string; model: string; reason?: string; unstable: boolean }[] = [];
for (const type of ['crash', 'unstable']) {
  pool.addEventListener(type, (event) => {
    const detail = (event as CustomEvent<ModelHealth & { reason?: string }>).detail;
    crashEvents.push({ type, model: detail.model, unstable: detail.unstable, ...(detail.reason && { reason: detail.reason }) });
  });
}

export interface ErrorInfo {
  name: string;
  code?: string;
  message: string;
  elapsedMs: number;
}

async function settle<T>(work: () => Promise<T>): Promise<{ ok: true; value: T; elapsedMs: number } | ({ ok: false } & ErrorInfo)> {
  const started = performance.now();
  try {
    const value = await work();
    return { ok: true, value, elapsedMs: performance.now() - started };
  } catch (error) {
    const e = error as Error & { code?: string };
    return { ok: false, name: e.name, ...(e.code && { code: e.code }), message: e.message, elapsedMs: performance.now() - started };
  }
}

/** The same stage as the ONNX worker's, its weights from the same store (this page's IndexedDB). */
const inPageVadStage = createSileroVadStage({ source: createModelStore({ name: RUNTIME_STORE }) });

export interface VadRequest {
  audio: number[];
  backend: SileroVadConfig['backend'];
  where: 'page' | 'worker';
  segmenter?: VadInput['segmenter'];
  /** Worker pool key; distinct keys get distinct workers. */
  model?: string;
  remeasure?: boolean;
}

export interface VadResult {
  spans: VadOutput['spans'];
  probabilities: number[];
  report: VadRunReport & LocalRunReport;
  elapsedMs: number;
}

const inPageVad = new Map<string, LocalStageRunner<VadInput, VadOutput>>();

function vadRunner({ backend, where, model, remeasure }: Omit<VadRequest, 'audio'>): LocalStageRunner<VadInput, VadOutput> {
  const config: SileroVadConfig = { manifest: VAD_MANIFEST, modelVersion: 'v5', backend, ...(remeasure !== undefined && { remeasure }) };
  if (where === 'worker') return pool.runner<VadInput, VadOutput>({ model: model ?? `silero-vad:${backend}`, stage: 'vad', config });
  const key = JSON.stringify(config);
  let runner = inPageVad.get(key);
  if (!runner) inPageVad.set(key, (runner = createInPageRunner(inPageVadStage, { name: 'vad', config })));
  return runner;
}

async function vad(request: VadRequest): Promise<VadResult> {
  const runner = vadRunner(request);
  const started = performance.now();
  const { output, report } = await runner.run(
    { audio: Float32Array.from(request.audio), ...(request.segmenter && { segmenter: request.segmenter }) },
    { timeoutMs: 120_000 },
  );
  return { spans: output.spans, probabilities: [...output.probabilities], report: report as VadRunReport & LocalRunReport, elapsedMs: performance.now() - started };
}

export interface SourcedVadRequest {
  audio: number[];
  where: 'page' | 'worker';
  weights: SourcedVadConfig['weights'];
  segmenter?: VadInput['segmenter'];
  /** Worker pool key. */
  model: string;
  /** Leave out the manifest: the stage must refuse the config. */
  noSource?: boolean;
}

const inPageSourced = new Map<string, LocalStageRunner<VadInput, VadOutput>>();

/** Silero VAD with weights from a model store or from bytes (sourced-vad.ts), on WASM. */
async function sourcedVad(request: SourcedVadRequest) {
  const config: SourcedVadConfig = { backend: 'wasm', manifest: request.weights.manifest, weights: request.weights };
  const input = { audio: Float32Array.from(request.audio), ...(request.segmenter && { segmenter: request.segmenter }) };
  return settle(async () => {
    let runner: LocalStageRunner<VadInput, VadOutput>;
    if (request.noSource) {
      runner = pool.runner<VadInput, VadOutput>({ model: request.model, stage: 'vad', config: { backend: 'wasm' } satisfies SileroVadConfig });
    } else if (request.where === 'worker') {
      runner = pool.runner<VadInput, VadOutput>({ model: request.model, stage: 'sourcedVad', config });
    } else {
      runner = inPageSourced.get(request.model) ?? createInPageRunner(sourcedVadStage, { name: 'sourcedVad', config });
      inPageSourced.set(request.model, runner);
    }
    const { output, report } = await runner.run(input, { timeoutMs: 120_000 });
    return { spans: output.spans, frames: output.probabilities.length, report: report as VadRunReport & LocalRunReport };
  });
}

const runtime = {
  sourcedVad,
  capabilities: (): Promise<DeviceCapabilities> => probeCapabilities(),
  workerCapabilities: async (): Promise<DeviceCapabilities> =>
    (await pool.runner<null, DeviceCapabilities>({ model: 'probe', stage: 'capabilities' }).run(null)).output,
  vad,
  /** Starts a long VAD call, kills its worker `afterMs` later, then runs `audio` again on the same model. */
  async vadKilledMidRun(request: VadRequest & { afterMs: number }) {
    const runner = vadRunner(request);
    await runner.load();
    const audio = Float32Array.from(request.audio);
    const long = new Float32Array(audio.length * 20);
    for (let i = 0; i < 20; i++) long.set(audio, i * audio.length);
    const model = request.model ?? `silero-vad:${request.backend}`;
    const pending = settle(() => runner.run({ audio: long }));
    await new Promise((r) => setTimeout(r, request.afterMs));
    const killedAt = performance.now();
    pool.terminate(model, 'killed by the test mid-run');
    const killed = await pending;
    const rejectedAfterKillMs = performance.now() - killedAt;
    const next = await settle(() => vad(request));
    return { killed, rejectedAfterKillMs, next, health: pool.health(model) };
  },
  /** Sends `megabytes` of Float32Array to a worker; reports whether the sender's buffer was detached. */
  async transfer(megabytes: number) {
    const samples = new Float32Array((megabytes * 1024 * 1024) / 4);
    for (let i = 0; i < samples.length; i += 4096) samples[i] = 1;
    const sentBytes = samples.byteLength;
    const result = await pool.runner<{ samples: Float32Array }, EchoOutput>({ model: 'probe', stage: 'echo' }).run({ samples });
    return { sentBytes, senderBytesAfter: samples.byteLength, senderBufferBytesAfter: samples.buffer.byteLength, received: result.output };
  },
  /** Runs a misbehaving stage on `model` with the given options. */
  misbehave(model: string, input: MisbehaviourInput, options: { timeoutMs?: number; abortAfterMs?: number } = {}) {
    const controller = new AbortController();
    if (options.abortAfterMs !== undefined) setTimeout(() => controller.abort(new Error('the test aborted')), options.abortAfterMs);
    return settle(() =>
      pool.runner<MisbehaviourInput, { sleptMs: number }>({ model, stage: 'misbehave' }).run(input, {
        signal: controller.signal,
        ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
      }),
    );
  },
  /** Kills `model`'s worker `afterMs` into a synchronous spin (the browser killing a busy worker). */
  async killDuringSpin(model: string, afterMs: number) {
    const pending = settle(() => pool.runner<MisbehaviourInput, { sleptMs: number }>({ model, stage: 'misbehave' }).run({ mode: 'spin', ms: 10_000 }));
    await new Promise((r) => setTimeout(r, afterMs));
    const killedAt = performance.now();
    pool.terminate(model, 'killed by the test while busy');
    const result = await pending;
    return { result, rejectedAfterKillMs: performance.now() - killedAt };
  },
  health: (model: string) => pool.health(model),
  crashEvents: () => crashEvents,
  face: faceApi(pool),
  scorer: scorerApi(pool),
};

declare global {
  interface Window {
    runtime: typeof runtime;
  }
}

window.runtime = runtime;
document.getElementById('status')!.textContent = 'ready';
