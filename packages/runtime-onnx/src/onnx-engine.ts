/**
 * onnxruntime-web behind Tandem's backend registry. Each backend opens a session with exactly ONE
 * execution provider: given a list, ORT silently takes the next provider when one fails, and the
 * report would name a backend that never ran. With one provider, ORT either runs on it or throws,
 * and the registry moves on and records why. The WASM files come from the app's own origin (the
 * bundler emits them next to the code; `wasmPaths` may point elsewhere on the same origin), never
 * from a CDN. Threads are used when cross-origin isolated, in a worker (see `defaultThreads`).
 */
import * as ort from 'onnxruntime-web/webgpu';
import type { DeviceCapabilities } from '@tandem/core';
import { createBackendRegistry, type BackendRegistry } from '@tandem/worker';

export type OnnxBackend = 'webgpu' | 'webnn' | 'wasm';

/** A frozen table from Tandem's backend names to ORT execution providers. */
export const ONNX_EXECUTION_PROVIDERS: Readonly<Record<OnnxBackend, ort.InferenceSession.ExecutionProviderConfig>> = Object.freeze({
  webgpu: 'webgpu',
  webnn: { name: 'webnn', deviceType: 'gpu' },
  wasm: 'wasm',
});

export interface OnnxModel {
  /** The model's bytes (fetched once, so every backend trial opens the same bytes). */
  bytes: Uint8Array;
  id: string;
  version: string;
}

export interface OnnxSession {
  readonly backend: OnnxBackend;
  readonly session: ort.InferenceSession;
  /** ms to create the session (parse, optimise, compile for the provider). */
  readonly loadMs: number;
  /**
   * Whether ORT said some nodes were left to its CPU provider inside a GPU session (it always
   * keeps shape arithmetic on the CPU; a large model leaking real ops there would show up here).
   */
  readonly cpuNodes: boolean;
  run(feeds: Record<string, ort.Tensor>): Promise<ort.InferenceSession.OnnxValueMapType>;
  release(): Promise<void>;
}

export interface OnnxEngineOptions {
  /** Override ORT's WASM file locations (same-origin URLs or a prefix). Default: what the bundler emitted. */
  wasmPaths?: ort.Env.WasmPrefixOrFilePaths;
  /** Default: min(4, hardwareConcurrency) in a cross-origin-isolated worker, else 1. */
  numThreads?: number;
}

const CPU_NODES_WARNING = /not assigned to the preferred execution providers/;

/**
 * ORT prints its node-placement warning from inside WASM through the console; watching the console
 * for the duration of one session creation is the only way to learn of it.
 */
async function watchingConsole<T>(work: () => Promise<T>): Promise<{ value: T; cpuNodes: boolean }> {
  let cpuNodes = false;
  const original = { warn: console.warn, error: console.error, log: console.log };
  const spy = (method: 'warn' | 'error' | 'log') => (...args: unknown[]) => {
    if (args.some((a) => typeof a === 'string' && CPU_NODES_WARNING.test(a))) cpuNodes = true;
    original[method].apply(console, args);
  };
  console.warn = spy('warn');
  console.error = spy('error');
  console.log = spy('log');
  try {
    return { value: await work(), cpuNodes };
  } finally {
    Object.assign(console, original);
  }
}

/**
 * Threads only in an isolated WORKER: on the page's main thread ORT's pthreads would have to be
 * spawned while the main thread busy-waits for them, and session creation hangs (seen here with
 * ORT 1.30 in Chromium); a page-side session stays single-threaded.
 */
function defaultThreads(): number {
  const isolated = globalThis.crossOriginIsolated === true;
  const inWorker = typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined';
  return isolated && inWorker ? Math.min(4, globalThis.navigator?.hardwareConcurrency || 1) : 1;
}

function configureWasm(options: OnnxEngineOptions): void {
  ort.env.wasm.numThreads = options.numThreads ?? defaultThreads();
  if (options.wasmPaths) ort.env.wasm.wasmPaths = options.wasmPaths;
}

export type OnnxRegistry = BackendRegistry<OnnxModel, OnnxSession>;

/** A registry with ORT's backends: webgpu (30), webnn (20), wasm (10). */
export function createOnnxRegistry(options: OnnxEngineOptions = {}): OnnxRegistry {
  const registry = createBackendRegistry<OnnxModel, OnnxSession>('onnxruntime-web');
  const open = (backend: OnnxBackend) => async (model: OnnxModel): Promise<OnnxSession> => {
    configureWasm(options);
    const started = performance.now();
    const { value: session, cpuNodes } = await watchingConsole(() =>
      ort.InferenceSession.create(model.bytes, { executionProviders: [ONNX_EXECUTION_PROVIDERS[backend]], logSeverityLevel: 2 }),
    );
    return {
      backend,
      session,
      loadMs: performance.now() - started,
      cpuNodes,
      run: (feeds) => session.run(feeds),
      release: () => session.release(),
    };
  };
  const noWebGpu = (c: DeviceCapabilities) => (c.webgpu.available ? undefined : 'no WebGPU adapter');
  registry.register({ name: 'webgpu', priority: 30, unavailableReason: noWebGpu, open: open('webgpu') });
  registry.register({ name: 'webnn', priority: 20, unavailableReason: (c) => (c.webnn ? undefined : 'no WebNN (navigator.ml)'), open: open('webnn') });
  registry.register({ name: 'wasm', priority: 10, open: open('wasm') });
  return registry;
}

export { ort };
