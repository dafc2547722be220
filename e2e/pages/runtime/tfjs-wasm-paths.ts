/**
 * The TF.js WASM backend's binaries, emitted by Vite into the app's own assets (`?url`), so
 * `setWasmPaths` points at this origin and nothing comes from a CDN.
 */
import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { TfjsEngineOptions } from '@tandem/runtime-tfjs';

export const tfjsWasmPaths: NonNullable<TfjsEngineOptions['wasmPaths']> = {
  'tfjs-backend-wasm.wasm': plain,
  'tfjs-backend-wasm-simd.wasm': simd,
  'tfjs-backend-wasm-threaded-simd.wasm': threadedSimd,
};
