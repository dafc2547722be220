// The README's custom-stage example, kept compiling: if this file breaks, update the README too.
// (`createModelStore` is @tandem/model-store's, declared here: this package does not depend on it.)
import { expectTypeOf, it } from 'vitest';
import { personal, pipeline, type Labelled, type ModelSource, type Tandem } from '@tandem/core';
import { createWorkerPool, exposeStages } from '@tandem/worker';
import { onnxStage, ort } from '../index.js';

declare function createModelStore(): ModelSource;
declare const tandem: Tandem;
declare const features: Float32Array;

it('README example compiles', async () => {
  // scorer.ts — imported by the worker entry and by the page
  const scorer = onnxStage({
    name: 'scorer', outputLabel: 'personal', model: '/models/scorer/manifest.json', backend: 'auto',
    source: () => createModelStore(),
    preprocess: (x: Float32Array) => ({ features: new ort.Tensor('float32', x, [1, x.length]) }),
    postprocess: ({ scores }) => scores!.data as Float32Array,
  });
  // scorer.worker.ts
  exposeStages({ [scorer.name]: scorer });
  // page
  const pool = createWorkerPool({ createWorker: () => new Worker(new URL('./scorer.worker.ts', import.meta.url), { type: 'module' }) });
  const { output, trace } = await tandem.run(pipeline('score', 'personal').then(scorer.stage(pool)), personal(features));

  expectTypeOf(output).toEqualTypeOf<Labelled<Float32Array, 'personal'>>();
  expectTypeOf(trace.stages[0]!.backend).toBeString();
});
