import type { SensitivityLabel } from '../labels/sensitivity-label.js';
import type { Labelled } from '../labels/labelled.js';
import type { PlacementDecision } from '../placement/decision.js';
import type { RunOptions, StageRunner } from '../stage-runner.js';
import type { RunReport } from '../trace/run-report.js';
import type { StageTrace } from '../trace/stage-trace.js';
import { TraceRecorder } from '../trace/trace-recorder.js';
import type { NoParams, Pipeline } from './pipeline.js';
import type { PipelineResult, PipelineRunOptions, Tandem } from './tandem.js';

/**
 * Adapts an async generator (yield partials, return the final output) to a `StageRunner`, so a
 * stage written as a stream plugs into a pipeline that reports partials through `onPartial`.
 */
export function streamingRunner<I, O, P>(
  generate: (input: I, options: RunOptions<P>) => AsyncGenerator<P, { output: O; report: RunReport }, void>,
): StageRunner<I, O, P> {
  return {
    async run(input, options = {}) {
      const iterator = generate(input, options);
      for (;;) {
        const next = await iterator.next();
        if (next.done === true) return next.value;
        options.onPartial?.(next.value);
      }
    },
  };
}

export type PipelineEvent<O, L extends SensitivityLabel> =
  | { readonly type: 'decision'; readonly decision: Readonly<PlacementDecision> }
  | { readonly type: 'partial'; readonly stage: string; readonly partial: unknown }
  | { readonly type: 'stage'; readonly trace: Readonly<StageTrace> }
  | { readonly type: 'result'; readonly result: PipelineResult<O, L> };

/**
 * Runs a pipeline and yields its decisions, partial outputs and stage traces as they happen, then
 * the result. Errors are thrown from the iterator. Breaking out of the loop aborts the run.
 */
export async function* streamPipeline<I, O, LIn extends SensitivityLabel, LOut extends SensitivityLabel, Params extends object = NoParams>(
  tandem: Tandem,
  pipeline: Pipeline<I, O, LIn, LOut, Params>,
  input: Labelled<NoInfer<I>, NoInfer<LIn>>,
  options: Omit<PipelineRunOptions<NoInfer<Params>>, 'recorder' | 'onDecision' | 'onPartial'> = {},
): AsyncGenerator<PipelineEvent<O, LOut>, void, void> {
  const queue: PipelineEvent<O, LOut>[] = [];
  let wake: (() => void) | undefined;
  const push = (event: PipelineEvent<O, LOut>): void => {
    queue.push(event);
    wake?.();
  };
  const controller = new AbortController();
  const onOuterAbort = (): void => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const recorder = new TraceRecorder(pipeline.name);
  recorder.addEventListener('stage', (e) => push({ type: 'stage', trace: e.trace }));
  recorder.addEventListener('partial', (e) => push({ type: 'partial', stage: e.stage, partial: e.partial }));
  let failure: { error: unknown } | undefined;
  let finished = false;
  tandem
    .run(pipeline, input, { ...options, signal: controller.signal, recorder, onDecision: (decision) => push({ type: 'decision', decision }) })
    .then((result) => push({ type: 'result', result }))
    .catch((error: unknown) => {
      failure = { error };
    })
    .finally(() => {
      finished = true;
      wake?.();
    });
  try {
    for (;;) {
      const event = queue.shift();
      if (event !== undefined) {
        yield event;
        continue;
      }
      if (finished) break;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
    if (failure !== undefined) throw failure.error;
  } finally {
    options.signal?.removeEventListener('abort', onOuterAbort);
    if (!finished) controller.abort(new Error('stream closed by the consumer'));
  }
}
