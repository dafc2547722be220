/**
 * Where a stage definition runs, chosen by one value: the page's own thread, its own worker in a
 * pool (the worker named after the stage), or a worker the app names (when one worker entry
 * serves several stages). Generic stages (`onnxStage`, `tfjsStage`) take it, so switching between
 * page and worker is one argument, not different code.
 */
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
