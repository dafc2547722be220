/**
 * The face detector stage as an app runs it: in its own worker, its weights from a model store
 * opened here. The store is wrapped to time each load (the stage's report does not split the
 * store from TF.js's backend start); a second stage, `store-loads`, hands those times to the page.
 */
import type { ModelSource } from '@tandem/core';
import { createModelStore } from '@tandem/model-store';
import { createFaceDetectorStage } from '@tandem/runtime-tfjs';
import { exposeStages, type LocalStageDefinition } from '@tandem/worker';

const store = createModelStore({ name: 'tandem-bench-face-start' });
const storeLoadsMs: number[] = [];

async function timed<T>(work: Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work;
  } finally {
    storeLoadsMs.push(performance.now() - started);
  }
}

const timedStore: ModelSource = {
  load: (manifest, options) => timed(store.load(manifest, options)),
  open: (url, options) => timed(store.open(url, options)),
};

const storeLoads: LocalStageDefinition<undefined, undefined, number[]> = {
  create: () => Promise.resolve({ run: () => Promise.resolve({ output: [...storeLoadsMs], report: { backend: 'js', runMs: 0 } }) }),
};

exposeStages({ faces: createFaceDetectorStage({ source: timedStore }), 'store-loads': storeLoads });
