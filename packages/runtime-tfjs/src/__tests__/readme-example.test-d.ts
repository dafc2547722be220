// The README's custom-stage example, kept compiling: if this file breaks, update the README too.
// (`createModelStore` is @tandem/model-store's, declared here: this package does not depend on it.)
import { expectTypeOf, it } from 'vitest';
import { pipeline, raw, type ModelSource, type Tandem } from '@tandem/core';
import { createWorkerPool, exposeStages } from '@tandem/worker';
import { tf, tfjsStage } from '../index.js';

declare function createModelStore(): ModelSource;
declare const tandem: Tandem;
declare const pixels: ImageData;

it('README example compiles', async () => {
  // classifier.ts — imported by the worker entry and by the page
  const classifier = tfjsStage({
    name: 'classifier', outputLabel: 'personal', model: '/models/classifier/manifest.json', format: 'graph', backend: 'auto',
    source: () => createModelStore(),
    preprocess: (image: ImageData) => tf.browser.fromPixels(image).resizeBilinear([224, 224]).div(255).expandDims(0),
    postprocess: async (scores) => Array.from(await (scores as tf.Tensor).data()),
  });
  // classifier.worker.ts
  exposeStages({ [classifier.name]: classifier });
  // page
  const pool = createWorkerPool({ createWorker: () => new Worker(new URL('./classifier.worker.ts', import.meta.url), { type: 'module' }) });
  const { output } = await tandem.run(pipeline('classify', 'raw').then(classifier.stage(pool)), raw(pixels));

  expectTypeOf(output.value).toEqualTypeOf<number[]>();
});
