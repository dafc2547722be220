import type { SensitivityLabel } from '../labels/sensitivity-label.js';
import type { LocalImplementation, Stage } from '../stage.js';
import type { RunReport } from '../trace/run-report.js';

/**
 * One call of a segmenting stage. A stream is many calls (one per source chunk, then one `end`),
 * each a plain request, so the same stage runs in the page or behind a worker's request/response
 * protocol; `stream` keys the state the stage keeps between the calls of one stream.
 */
export type SegmenterStep<C> =
  | { readonly stream: string; readonly chunk: C }
  /** `flush`: the source ended, emit what is still open. `discard`: the stream was cancelled. */
  | { readonly stream: string; readonly end: 'flush' | 'discard' };

/**
 * A stage that consumes a stream chunk by chunk and emits the segments each chunk completed (an
 * endpointer: audio chunks in, utterances out). It has no remote side: its state lives where it
 * runs, so the stream's placement is decided once and every chunk goes there.
 */
export type SegmentingStage<C, S, L extends SensitivityLabel = SensitivityLabel> = Stage<SegmenterStep<C>, readonly S[], L> & {
  readonly kind: 'transform';
  readonly segments: true;
  /** Its segments are `LiveSegment`s, emitted open and fed by the chunks read after them. */
  readonly live?: true;
};

export interface SegmentingStageSpec<C, S, L extends SensitivityLabel> {
  readonly name: string;
  /** Declared label of the segments (an endpointer's audio stays `raw`). */
  readonly outputLabel: L;
  readonly local: LocalImplementation<SegmenterStep<C>, readonly S[]>;
  /**
   * The segments are `LiveSegment`s (see `liveSegmenterRunner`): `tandem.stream` keeps reading the
   * source while one is open (it cannot finish before its content has arrived), and counts it in
   * `maxInFlight` only once it has closed.
   */
  readonly live?: S extends { readonly closed: Promise<unknown> } ? true : never;
}

/** Declares a segmenting stage, for `segmented(…)` and `tandem.stream`. */
export function defineSegmentingStage<C, S, L extends SensitivityLabel>(spec: SegmentingStageSpec<C, S, L>): SegmentingStage<C, S, L> {
  if (spec.name.trim() === '') throw new TypeError('A stage needs a non-empty name.');
  return Object.freeze({
    name: spec.name,
    outputLabel: spec.outputLabel,
    local: spec.local,
    kind: 'transform' as const,
    segments: true as const,
    ...(spec.live === true ? { live: true as const } : {}),
  });
}

type MaybePromise<T> = T | Promise<T>;

/** The state of one stream inside a segmenting stage. */
export interface Segmenter<C, S> {
  /** Takes the next chunk; returns the segments it completed (usually none). */
  push(chunk: C, signal?: AbortSignal): MaybePromise<readonly S[]>;
  /** The source ended: returns the segment still open, if any. */
  flush(signal?: AbortSignal): MaybePromise<readonly S[]>;
  /** Frees what the stream holds (called after `flush` and on `discard`). */
  dispose?(): void;
}

/** The chunk and segment types of a segmenter, read off its `push`. */
export type ChunkOf<G> = G extends { push(chunk: infer C, signal?: AbortSignal): unknown } ? C : never;
export type SegmentOf<G> = G extends { flush(signal?: AbortSignal): MaybePromise<readonly (infer S)[]> } ? S : never;

export interface SegmenterRunnerOptions<G> {
  /** Reported as the trace's backend. Default `js`. */
  readonly backend?: string;
  /** Extra report fields after each call (e.g. frames run), read from the stream's segmenter. */
  readonly report?: (segmenter: G) => Partial<RunReport> & Record<string, unknown>;
}

/**
 * Turns a per-stream segmenter factory into the runner of a segmenting stage: one `Segmenter` per
 * `stream` id, created on its first chunk and dropped at its `end`. The result fits both a
 * `StageRunner` and a `@tandem/worker` stage instance, so it runs in the page or in a worker.
 */
export function segmenterRunner<G extends Segmenter<never, unknown>>(
  open: (stream: string) => MaybePromise<G>,
  options: SegmenterRunnerOptions<G> = {},
): { run(step: SegmenterStep<ChunkOf<G>>, context?: { signal?: AbortSignal }): Promise<{ output: readonly SegmentOf<G>[]; report: RunReport }> } {
  type C = ChunkOf<G>;
  type S = SegmentOf<G>;
  const streams = new Map<string, Promise<G>>();
  return {
    async run(step, context = {}) {
      const started = performance.now();
      let opened = streams.get(step.stream);
      if ('end' in step) {
        streams.delete(step.stream);
        if (opened === undefined) return { output: [], report: { backend: options.backend ?? 'js', runMs: 0 } };
      } else if (opened === undefined) {
        opened = Promise.resolve(open(step.stream));
        streams.set(step.stream, opened);
      }
      const segmenter = await opened;
      let output: readonly S[] = [];
      try {
        if (!('end' in step)) output = (await (segmenter as Segmenter<C, S>).push(step.chunk, context.signal));
        else if (step.end === 'flush') output = (await segmenter.flush(context.signal)) as readonly S[];
      } finally {
        if ('end' in step) segmenter.dispose?.();
      }
      const extra = options.report?.(segmenter) ?? {};
      return { output, report: { backend: options.backend ?? 'js', ...extra, runMs: performance.now() - started } };
    },
  };
}
