// The README's example, kept compiling: if this file breaks, update the README too. Lines between
// the markers are the example (its imports are above). What comes from packages this one does not
// depend on (@tandem/model-store, @tandem/runtime-onnx) is declared here with its real shape.
import { expectTypeOf, it } from 'vitest';
import type { ModelRef, ModelSource } from '@tandem/core';
import { createInPageRunner, createWorkerPool, exposeStages, type LocalRunReport, type LocalStageDefinition } from '../index.js';

interface VadInput { audio: Float32Array }
interface VadOutput { spans: { startSample: number; endSample: number; startMs: number; endMs: number }[]; probabilities: Float32Array }
interface SileroVadConfig { manifest?: ModelRef; backend?: 'wasm' | 'webgpu' | 'webnn' | 'auto' }
declare function createModelStore(): ModelSource; // @tandem/model-store
declare function createSileroVadStage(options: { source: ModelSource }): LocalStageDefinition<SileroVadConfig, VadInput, VadOutput>; // @tandem/runtime-onnx
declare const manifest: string, audio: Float32Array, signal: AbortSignal;

it('README example compiles', async () => {
  // --- example ---
  // stages.worker.ts — a module worker entry
  exposeStages({ vad: createSileroVadStage({ source: createModelStore() }) }); // weights through a ModelSource

  // page: bundlers only see a worker written literally like this, so the pool takes a factory
  const pool = createWorkerPool({ createWorker: (model) => new Worker(new URL('./stages.worker.ts', import.meta.url), { type: 'module', name: model }) });
  const vad = pool.runner<VadInput, VadOutput>({ model: 'silero-vad', stage: 'vad', config: { manifest, backend: 'auto' } });
  const { output, report } = await vad.run({ audio }, { timeoutMs: 5_000, signal });
  // or, the same stage in the page's thread:
  const inPage = createInPageRunner(createSileroVadStage({ source: createModelStore() }), { name: 'vad', config: { manifest, backend: 'wasm' } });
  // --- end ---

  expectTypeOf(output).toEqualTypeOf<VadOutput>();
  expectTypeOf(report).toEqualTypeOf<LocalRunReport>();
  expectTypeOf(report.thread).toEqualTypeOf<'page' | 'worker'>();
  expectTypeOf(inPage.run).parameter(0).toEqualTypeOf<VadInput>();
});
