/**
 * TensorFlow.js behind Tandem's backend registry: webgpu, then wasm, then cpu. TF.js keeps one
 * active backend per JavaScript realm and quietly picks another when one fails to start, so every
 * backend here is set explicitly, checked with `tf.getBackend()` after it starts, and again after
 * every run; the report names what `tf.getBackend()` said, not what was asked for. The WASM
 * backend's .wasm files must be served by the app: pass their URLs (a bundler's `?url` imports)
 * as `wasmPaths`; nothing is fetched from a CDN.
 */
import * as tf from '@tensorflow/tfjs';
import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { DeviceCapabilities } from '@tandem/core';
import { createBackendRegistry, type BackendRegistry } from '@tandem/worker';

export type TfjsBackend = 'webgpu' | 'wasm' | 'cpu';

/** Tandem's backend names in reports: `tfjs-` + TF.js's own name. */
export type TfjsBackendLabel = `tfjs-${TfjsBackend}`;

export type TfjsWasmFile = 'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm';

export interface TfjsEngineOptions {
  /** App-served URLs of the three .wasm files (or a same-origin prefix). Required for 'wasm'. */
  wasmPaths?: string | Partial<Record<TfjsWasmFile, string>>;
  /** XNNPACK threads when cross-origin isolated. Default min(4, hardwareConcurrency). */
  wasmThreads?: number;
}

/** A model opened on one TF.js backend: `run` switches to that backend if another was made active. */
export interface TfjsSession<M> {
  readonly backend: TfjsBackend;
  readonly model: M;
  readonly loadMs: number;
  /** Runs `work` on this session's backend; returns its result and the backend TF.js says ran it. */
  run<T>(work: (model: M) => Promise<T>): Promise<{ value: T; ranOn: TfjsBackendLabel }>;
  release(): void;
}

/** How a model is loaded: given TF.js (already on the right backend), build the model object. */
export interface TfjsProgram<M> {
  id: string;
  version: string;
  load(): Promise<M>;
  dispose?(model: M): void;
}

export type TfjsRegistry<M> = BackendRegistry<TfjsProgram<M>, TfjsSession<M>>;

async function activate(backend: TfjsBackend): Promise<void> {
  if (tf.getBackend() === backend) return;
  const ok = await tf.setBackend(backend);
  await tf.ready();
  const active = tf.getBackend();
  if (!ok || active !== backend) throw new Error(`TF.js could not start "${backend}" (active: ${active ?? 'none'})`);
}

function labelOf(name: string | undefined): TfjsBackendLabel {
  return `tfjs-${name ?? 'unknown'}` as TfjsBackendLabel;
}

/** A registry with TF.js's backends: webgpu (30), wasm (20), cpu (10). */
export function createTfjsRegistry<M>(options: TfjsEngineOptions = {}): TfjsRegistry<M> {
  const registry = createBackendRegistry<TfjsProgram<M>, TfjsSession<M>>('tensorflow.js');
  const open = (backend: TfjsBackend) => async (program: TfjsProgram<M>): Promise<TfjsSession<M>> => {
    await activate(backend);
    const started = performance.now();
    const model = await program.load();
    const loadMs = performance.now() - started;
    return {
      backend,
      model,
      loadMs,
      async run(work) {
        await activate(backend);
        const value = await work(model);
        return { value, ranOn: labelOf(tf.getBackend()) };
      },
      release: () => program.dispose?.(model),
    };
  };
  registry.register({
    name: 'webgpu',
    priority: 30,
    unavailableReason: (c: DeviceCapabilities) => (c.webgpu.available ? undefined : 'no WebGPU adapter'),
    async init() {
      // Registered here rather than by importing the package for its side effect, so a bundler
      // honouring "sideEffects" cannot drop it.
      if (!tf.findBackendFactory('webgpu')) {
        tf.registerBackend('webgpu', async () => {
          const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
          const adapter = (await gpu?.requestAdapter()) as { requestDevice(): Promise<unknown> } | null | undefined;
          if (!adapter) throw new Error('no WebGPU adapter');
          const device = await adapter.requestDevice();
          return new WebGPUBackend(device as ConstructorParameters<typeof WebGPUBackend>[0]);
        }, 3);
      }
      await activate('webgpu');
    },
    open: open('webgpu'),
  });
  registry.register({
    name: 'wasm',
    priority: 20,
    async init() {
      if (!options.wasmPaths) throw new Error('wasmPaths not given: the .wasm files must be served by the app');
      setWasmPaths(options.wasmPaths as Parameters<typeof setWasmPaths>[0]);
      if (globalThis.crossOriginIsolated) setThreadsCount(options.wasmThreads ?? Math.min(4, navigator.hardwareConcurrency || 1));
      await activate('wasm');
    },
    open: open('wasm'),
  });
  registry.register({ name: 'cpu', priority: 10, init: () => activate('cpu'), open: open('cpu') });
  return registry;
}

export { tf };
