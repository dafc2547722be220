import type { SensitivityLabel } from './labels/sensitivity-label.js';
import { defineStage, type Stage } from './stage.js';
import type { RunOptions } from './stage-runner.js';

export interface LocalStageSpec<I, O, L extends SensitivityLabel, P> {
  readonly name: string;
  readonly outputLabel: L;
  /**
   * The work, in the page (or wherever the caller runs it). `context.onPartial` streams partial
   * outputs; `context.signal` aborts at the stage timeout or the caller's abort.
   */
  readonly run: (input: I, context: RunOptions<P>) => O | Promise<O>;
  /** What the trace names as where it computed. Default `js`. */
  readonly backend?: string;
  readonly modelId?: string;
}

/**
 * A plain function as an on-device stage: the runner, its timing and its report are filled in,
 * so a few lines of app logic (a filter, a rule-based step) sit in a pipeline, placed, bounded by
 * the privacy rules and traced like any model stage. For a model in a worker use a runtime's stage.
 */
export function localStage<I, O, L extends SensitivityLabel, P = never>(spec: LocalStageSpec<I, O, L, P>): Stage<I, O, L, P> & { readonly kind: 'transform' } {
  const backend = spec.backend ?? 'js';
  return defineStage<I, O, L, P>({
    name: spec.name,
    outputLabel: spec.outputLabel,
    local: {
      runner: {
        async run(input, options = {}) {
          const started = performance.now();
          const output = await spec.run(input, options);
          return { output, report: { backend, runMs: performance.now() - started, ...(spec.modelId === undefined ? {} : { modelId: spec.modelId }) } };
        },
      },
      ...(spec.modelId === undefined ? {} : { modelId: spec.modelId }),
    },
  });
}
