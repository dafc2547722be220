/**
 * A local stage as it is written once and run either in the page or in a worker. The runner owns
 * timeouts, abort and transfer; the stage only loads its model and answers `run`.
 */
import type { RunReport } from '@tandem/core';

/** What a running stage gets besides its input. */
export interface StageContext {
  /** Aborted when the caller gives up (abort or timeout); check it between frames or chunks. */
  signal: AbortSignal;
}

export interface StageResult<O> {
  output: O;
  report: RunReport;
  /** Buffers inside `output` to move back to the caller instead of copying. */
  transfer?: Transferable[];
}

/** One created stage: holds its model session(s) between calls. */
export interface LocalStageInstance<I, O> {
  run(input: I, context: StageContext): Promise<StageResult<O>>;
  /** What the load cost, reported on the first call and by `load()`. */
  readonly loadReport?: RunReport;
  dispose?(): Promise<void>;
}

/**
 * The definition registered in a worker entry (`exposeStages`) or handed to `createInPageRunner`.
 * `create` runs once per distinct config; its result is reused by every later call.
 */
export interface LocalStageDefinition<C, I, O> {
  create(config: C, context: StageContext): Promise<LocalStageInstance<I, O>>;
}

/** A registry of stage definitions by name, as a worker entry exposes them. */
export type StageDefinitions = Record<string, LocalStageDefinition<never, never, unknown>>;

/** Input/output/config types of a definition, for typed runners. */
export type StageConfigOf<D> = D extends LocalStageDefinition<infer C, unknown, unknown> ? C : never;
export type StageInputOf<D> = D extends LocalStageDefinition<never, infer I, unknown> ? I : never;
export type StageOutputOf<D> = D extends LocalStageDefinition<never, never, infer O> ? O : never;
