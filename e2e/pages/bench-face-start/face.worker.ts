/**
 * The face detector stage as an app runs it: in its own worker, its weights from a model store
 * opened here. The store is wrapped to time each load (the stage's report does not split the
 * store from TF.js's backend start); a second stage, `timings`, hands those times to the page,
 * with the moment this module finished evaluating (its imports, TF.js among them, loaded).
 */
import type { ModelSource } from '@tandem/core';
import { createModelStore } from '@tandem/model-store';
import { createFaceDetectorStage } from '@tandem/runtime-tfjs';
import { exposeStages, type LocalStageDefinition } from '@tandem/worker';
import type { WorkerTimings } from './protocol.ts';

/** Epoch ms, comparable with the page's `performance.timeOrigin + performance.now()`. */
const evaluatedAt = performance.timeOrigin + performance.now();
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

const timings: LocalStageDefinition<undefined, undefined, WorkerTimings> = {
  create: () => Promise.resolve({ run: () => Promise.resolve({ output: { evaluatedAt, storeLoadsMs: [...storeLoadsMs] }, report: { backend: 'js', runMs: 0 } }) }),
};

exposeStages({ faces: createFaceDetectorStage({ source: timedStore }), timings });
