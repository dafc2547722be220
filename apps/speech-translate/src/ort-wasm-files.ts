/**
 * Which onnxruntime-web WebAssembly build a stage loads. runtime-onnx imports ORT's WebGPU bundle,
 * whose default binary is the asyncify build (26.8 MB) that carries the WebGPU provider; a stage
 * pinned to the wasm backend runs the same kernels from the plain threaded build (14.2 MB). ORT
 * loads one binary per worker, chosen by `env.wasm.wasmPaths` before its first session, so the
 * choice is made here, from the backend the stage will run on (issue #18: the first visit should
 * not download a GPU runtime the app does not use). Build with VITE_TANDEM_ORT_WASM=asyncify to
 * get the old behaviour (the first-visit benchmark's comparison).
 */
import type { OnnxBackend, OnnxEngineOptions } from '@tandem/runtime-onnx';
import plainGlueUrl from 'onnxruntime-web/ort-wasm-simd-threaded.mjs?url';
import plainWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';

/** True unless the build asked for the asyncify binary everywhere. */
export const PLAIN_WASM_FOR_WASM_STAGES = import.meta.env.VITE_TANDEM_ORT_WASM !== 'asyncify';

/**
 * ORT engine options for a stage on `backend`: the plain binary for 'wasm'; for 'webgpu',
 * 'webnn' or a measured choice ('auto', which may pick WebGPU), ORT's own default (asyncify).
 * URLs are absolute, so a worker resolves them the same as the page.
 */
export function ortEngineFor(backend: OnnxBackend | 'auto'): OnnxEngineOptions {
  if (backend !== 'wasm' || !PLAIN_WASM_FOR_WASM_STAGES) return {};
  const base = globalThis.location.href;
  return { wasmPaths: { mjs: new URL(plainGlueUrl, base).href, wasm: new URL(plainWasmUrl, base).href } };
}
