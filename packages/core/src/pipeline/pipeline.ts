import type { LeavableLabel, OutputLabelOf, SensitivityLabel } from '../labels/sensitivity-label.js';
import type { ParamStage, SanitizerStage, Stage } from '../stage.js';

/** The params of a pipeline without parameterised stages. */
export type NoParams = Record<never, never>;

/**
 * After `raw`/`personal` data, a stage known to be remote-only (`remoteOnly: true`) does not
 * type-check: the boundary would refuse every call. A sanitizer stage in between fixes it.
 */
type AcceptsLabel<L extends SensitivityLabel> = [L] extends [LeavableLabel] ? unknown : { readonly remoteOnly?: false };

/**
 * A linear chain of stages. The type tracks the value and its label from stage to stage: an
 * ordinary stage gets its declared label but can never lower data below the sensitive tier
 * (`outputLabelOf`); a sanitizer stage resets it to `sanitized`. The run-time executor applies the same rule.
 */
export interface Pipeline<I, O, LIn extends SensitivityLabel, LOut extends SensitivityLabel, Params extends object = NoParams> {
  readonly name: string;
  readonly inputLabel: LIn;
  // Stages are stored type-erased; the builder's signatures keep adjacent types consistent.
  readonly stages: readonly Stage<never, unknown>[];
  then<O2, P>(stage: SanitizerStage<O, O2, P>): Pipeline<I, O2, LIn, 'sanitized', Params>;
  then<O2, L2 extends SensitivityLabel, P, N extends string, R>(
    stage: Stage<O, O2, L2, P> & ParamStage<N, R> & AcceptsLabel<LOut>,
  ): Pipeline<I, O2, LIn, OutputLabelOf<LOut, L2>, Params & { readonly [K in N]: R }>;
  then<O2, L2 extends SensitivityLabel, P>(stage: Stage<O, O2, L2, P> & AcceptsLabel<LOut>): Pipeline<I, O2, LIn, OutputLabelOf<LOut, L2>, Params>;
}

/** The start of a pipeline: its name and the label of what callers will feed it. */
export interface PipelineStart<LIn extends SensitivityLabel> {
  readonly name: string;
  readonly inputLabel: LIn;
  then<I, O, P>(stage: SanitizerStage<I, O, P>): Pipeline<I, O, LIn, 'sanitized'>;
  then<I, O, L extends SensitivityLabel, P, N extends string, R>(
    stage: Stage<I, O, L, P> & ParamStage<N, R> & AcceptsLabel<LIn>,
  ): Pipeline<I, O, LIn, OutputLabelOf<LIn, L>, { readonly [K in N]: R }>;
  then<I, O, L extends SensitivityLabel, P>(stage: Stage<I, O, L, P> & AcceptsLabel<LIn>): Pipeline<I, O, LIn, OutputLabelOf<LIn, L>>;
}

function build<I, O, LIn extends SensitivityLabel, LOut extends SensitivityLabel>(
  name: string,
  inputLabel: LIn,
  stages: readonly Stage<never, unknown>[],
): Pipeline<I, O, LIn, LOut> {
  const names = new Set<string>();
  for (const s of stages) {
    if (names.has(s.name)) throw new TypeError(`Pipeline "${name}" has two stages named "${s.name}".`);
    names.add(s.name);
  }
  const then = (stage: Stage<never, unknown>) => build(name, inputLabel, [...stages, stage]);
  // The overloads above are the public typing; one implementation serves both.
  return Object.freeze({ name, inputLabel, stages: Object.freeze([...stages]), then }) as unknown as Pipeline<I, O, LIn, LOut>;
}

/** Starts a pipeline: `pipeline('speech', 'raw').then(transcribe).then(redact).then(translate)`. */
export function pipeline<LIn extends SensitivityLabel>(name: string, inputLabel: LIn): PipelineStart<LIn> {
  if (name.trim() === '') throw new TypeError('A pipeline needs a non-empty name.');
  const start = {
    name,
    inputLabel,
    then: (stage: Stage<never, unknown>) => build(name, inputLabel, [stage]),
  };
  return Object.freeze(start) as unknown as PipelineStart<LIn>;
}
