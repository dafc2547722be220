/**
 * Where a stage definition runs, chosen by one value: the page's own thread, its own worker in a
 * pool (the worker named after the stage), or a worker the app names (when one worker entry
 * serves several stages). Generic stages (`onnxStage`, `tfjsStage`) are `PlaceableStage`s, so
 * switching between page and worker is one argument, not different code.
 */
import { defineStage, type SensitivityLabel, type Stage } from '@tandem/core';
import { createInPageRunner } from './in-page-runner.js';
import type { LocalStageDefinition } from './local-stage.js';
import type { LocalStageRunner, WorkerPool } from './worker-pool.js';

export type StagePlace = 'page' | WorkerPool | { pool: WorkerPool; model: string };

/**
 * A runner of `definition` at `place`. In a worker, the entry must register the definition
 * under `name` (`exposeStages({ [name]: definition })`); the pool key is `name` unless given.
 */
export function placeStageRunner<C, I, O>(definition: LocalStageDefinition<C, I, O>, name: string, place: StagePlace, config: C): LocalStageRunner<I, O> {
  if (place === 'page') return createInPageRunner(definition, { name, config });
  const { pool, model } = 'pool' in place ? place : { pool: place, model: name };
  return pool.runner<I, O>({ model, stage: name, config });
}

/** A stage definition that is also, placed, a pipeline stage: what the generic stage helpers return. */
export interface PlaceableStage<C, I, O, L extends SensitivityLabel> extends LocalStageDefinition<C, I, O> {
  readonly name: string;
  readonly outputLabel: L;
  /**
   * A runner in the page or a pool's worker (keyed `name` unless the place names one), whose
   * entry registers this object under `name`: `exposeStages({ [stage.name]: stage })`.
   */
  runner(place: StagePlace, config?: C): LocalStageRunner<I, O>;
  /** The core stage (`defineStage`) running through `runner(place, config)`, ready for a pipeline. */
  stage(place: StagePlace, config?: C): Stage<I, O, L> & { readonly kind: 'transform' };
}

/**
 * `definition` named and labelled, placeable with one value. `withDefaults` completes a caller's
 * config (the stage's default model and backend) before it is cloned to where the stage runs.
 */
export function placeableStage<C, I, O, L extends SensitivityLabel>(
  definition: LocalStageDefinition<C, I, O>,
  { name, outputLabel, withDefaults }: { name: string; outputLabel: L; withDefaults: (config: C | undefined) => C },
): PlaceableStage<C, I, O, L> {
  const runner = (place: StagePlace, config?: C) => placeStageRunner(definition, name, place, withDefaults(config));
  return {
    ...definition,
    name,
    outputLabel,
    runner,
    stage: (place, config) => defineStage<I, O, L>({ name, outputLabel, local: { runner: runner(place, config) } }),
  };
}
