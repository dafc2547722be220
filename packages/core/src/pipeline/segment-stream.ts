import type { AuditSink } from '../audit/audit-log.js';
import type { PrivacyBoundary } from '../boundary/privacy-boundary.js';
import { StageAbortedError } from '../errors/placement-errors.js';
import { isTrustedLeavable, relabel, type AnyLabelled, type Labelled } from '../labels/labelled.js';
import { mostSensitive, type SensitivityLabel } from '../labels/sensitivity-label.js';
import type { PlacementDecision } from '../placement/decision.js';
import type { Stage } from '../stage.js';
import { validateRunParams, type PipelineParams } from '../stage-params.js';
import { TraceRecorder, type TraceExport } from '../trace/trace-recorder.js';
import type { NoParams, Pipeline } from './pipeline.js';
import { runPlacedStage } from './run-stage.js';
import type { SegmentedPipeline } from './segmented-pipeline.js';
import type { SegmenterStep } from './segmenting-stage.js';
import { iterateSource, type StreamSource } from './stream-source.js';
import type { DeferredRun, PipelineOutcome, PipelineResult, PipelineRunOptions } from './tandem.js';

export interface StreamRunOptions<Params extends object = PipelineParams> extends Omit<PipelineRunOptions<Params>, 'recorder'> {
  /**
   * Segments the segmenter emitted that the consumer has not taken yet. At this many the source is
   * not read until the consumer takes one (a chunk that closes several segments may pass it by
   * those). Default 2: one utterance is translated while the next is being heard.
   */
  readonly maxInFlight?: number;
  /** The session's trace: the segmenter's calls (`chunk` set) and every segment's stages (`segment` set). */
  readonly recorder?: TraceRecorder;
}

interface SegmentBase<S, L extends SensitivityLabel> {
  /** 0, 1, 2… in the order the segmenter emitted them; results come in this order. */
  readonly index: number;
  readonly segment: Labelled<S, L>;
}

/** One segment's run through the per-segment pipeline: done, deferred (see `Tandem.start`) or failed. */
export type SegmentOutcome<S, O, L extends SensitivityLabel> = SegmentBase<S, SensitivityLabel> &
  (
    | ({ readonly status: 'done' } & PipelineResult<O, L>)
    | Omit<DeferredRun<O, L>, never>
    | { readonly status: 'failed'; readonly error: unknown; readonly trace: TraceExport }
  );

/**
 * Waits for a segment's turn at stage `index` and returns the release: each stage takes the
 * segments one at a time, in order (a recogniser with one decoder cannot hear two at once), while
 * different stages work on different segments.
 */
export type StageGate = (index: number) => Promise<() => void>;

/** What `tandem.stream` needs from the Tandem that owns it (the closure in `createTandem`). */
export interface StreamEngine {
  readonly start: <I, O, LIn extends SensitivityLabel, LOut extends SensitivityLabel, Params extends object>(
    pipeline: Pipeline<I, O, LIn, LOut, Params>,
    input: Labelled<NoInfer<I>, NoInfer<LIn>>,
    options?: PipelineRunOptions<Params>,
    gate?: StageGate,
  ) => Promise<PipelineOutcome<O, LOut>>;
  readonly decide: (stage: Stage<unknown, unknown>, label: SensitivityLabel, latencyBudgetMs?: number) => Promise<PlacementDecision>;
  readonly boundary: PrivacyBoundary;
  readonly audit: AuditSink;
  readonly now: () => number;
}

let streamCounter = 0;

function abortError(stage: string, reason: unknown): StageAbortedError {
  if (reason instanceof StageAbortedError) return reason;
  const text = reason instanceof Error ? reason.message : typeof reason === 'string' ? reason : undefined;
  return new StageAbortedError({ stage, ...(text === undefined ? {} : { reason: text }) });
}

/**
 * Reserves a segment's turn at every stage at once, when it is emitted, so turns follow segment
 * order: at stage k a segment waits for the one before it to leave stage k.
 */
function takeTurns(lanes: Promise<void>[]): { gate: StageGate; releaseAll: () => void } {
  const turns = lanes.map((previous, k) => {
    let release!: () => void;
    lanes[k] = new Promise<void>((resolve) => (release = resolve));
    return { previous, release };
  });
  return {
    gate: async (k) => {
      const turn = turns[k];
      if (turn === undefined) return () => undefined;
      await turn.previous;
      return turn.release;
    },
    releaseAll: () => {
      for (const turn of turns) turn.release();
    },
  };
}

interface Pending<S, O, L extends SensitivityLabel> {
  readonly settled: Promise<SegmentOutcome<S, O, L>>;
  /** A live segment whose content is still arriving: it needs the source read to finish. */
  open: boolean;
}

/**
 * Runs a segmented pipeline over a stream and yields each segment's outcome in order. The consumer
 * drives it: nothing is read from the source while `maxInFlight` segments wait to be taken.
 * Aborting `signal` (or leaving the loop) ends the source, aborts the segments in flight, and
 * throws a `StageAbortedError` from the iteration.
 */
export async function* streamSegments<C, S, O, LChunk extends SensitivityLabel, LOut extends SensitivityLabel, Params extends object = NoParams>(
  engine: StreamEngine,
  segmentedPipeline: SegmentedPipeline<C, S, O, LChunk, LOut, Params>,
  source: StreamSource<Labelled<C, LChunk>>,
  options: StreamRunOptions<Params> = {},
): AsyncGenerator<SegmentOutcome<S, O, LOut>, void, void> {
  const { segmenter, perSegment } = segmentedPipeline;
  const stage = segmenter as unknown as Stage<unknown, unknown>;
  // Before the first chunk is read: a bad parameter must not surface after audio was heard.
  validateRunParams(perSegment.name, perSegment.stages as readonly Stage<unknown, unknown>[], options.params as PipelineParams | undefined);
  if (options.signal?.aborted === true) throw abortError(segmenter.name, options.signal.reason);
  const recorder = options.recorder ?? new TraceRecorder(segmentedPipeline.name, { now: engine.now });
  const controller = new AbortController();
  const onOuterAbort = (): void => controller.abort(abortError(segmenter.name, options.signal?.reason));
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const aborted = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(abortError(segmenter.name, controller.signal.reason)), { once: true });
  });
  aborted.catch(() => undefined);

  const streamId = `${segmentedPipeline.name}#${(streamCounter += 1)}`;
  let decision: PlacementDecision;
  try {
    decision = await engine.decide(stage, segmentedPipeline.chunkLabel, options.latencyBudgetMs);
  } catch (error) {
    options.signal?.removeEventListener('abort', onOuterAbort);
    throw error;
  }
  options.onDecision?.(decision);
  const maxInFlight = Math.max(1, options.maxInFlight ?? 2);
  const iterator = iterateSource(source);
  const pending: Pending<S, O, LOut>[] = [];
  let chunks = 0;
  let segments = 0;
  let sourceDone = false;
  let flushed = false;
  let finished = false;

  async function step(input: AnyLabelled<SegmenterStep<C>>, chunk: number | undefined, signal?: AbortSignal): Promise<readonly AnyLabelled<S>[]> {
    const tagged = {
      record: (trace: Parameters<TraceRecorder['record']>[0]) => recorder.record(chunk === undefined ? trace : { ...trace, chunk }),
      partial: (name: string, partial: unknown) => recorder.partial(name, partial),
    };
    const out = await runPlacedStage(stage, input, decision, {
      boundary: engine.boundary,
      recorder: tagged,
      now: engine.now,
      ...(signal === undefined ? {} : { signal }),
      ...(options.stageTimeoutMs === undefined ? {} : { timeoutMs: options.stageTimeoutMs }),
    });
    if (!Array.isArray(out.value)) throw new TypeError(`Segmenting stage "${segmenter.name}" returned ${typeof out.value}, expected an array of segments.`);
    const trusted = isTrustedLeavable(out);
    const sanitizer = 'sanitizer' in out ? out.sanitizer : undefined;
    return (out.value as S[]).map((s) => relabel(s, out.label, { trusted, ...(sanitizer === undefined ? {} : { sanitizer }) }));
  }

  function runSegment(segment: AnyLabelled<S>): Pending<S, O, LOut> {
    const index = segments++;
    const segmentRecorder = new TraceRecorder(perSegment.name, { now: engine.now, traceId: recorder.traceId });
    segmentRecorder.addEventListener('stage', (e) => recorder.record({ ...e.trace, segment: index }));
    segmentRecorder.addEventListener('partial', (e) => recorder.partial(e.stage, e.partial));
    const base = { index, segment };
    const turns = takeTurns(lanes);
    const started = engine.start(
      perSegment,
      segment as Labelled<S, SensitivityLabel>,
      { ...options, signal: controller.signal, recorder: segmentRecorder } as PipelineRunOptions<Params>,
      turns.gate,
    );
    // Done, failed or deferred: the segment gives up every turn it still holds (a deferred one
    // waits in the transport's queue and must not hold up the segments behind it).
    void started.then(turns.releaseAll, turns.releaseAll);
    const settled = started.then(
      (outcome): SegmentOutcome<S, O, LOut> => ({ ...base, ...outcome }),
      (error: unknown): SegmentOutcome<S, O, LOut> => ({ ...base, status: 'failed', error, trace: segmentRecorder.toJSON() }),
    );
    const item: Pending<S, O, LOut> = { settled, open: false };
    const closed = segmenter.live === true ? (segment.value as { readonly closed?: Promise<unknown> }).closed : undefined;
    if (closed !== undefined) {
      item.open = true;
      const shut = (): void => {
        item.open = false;
      };
      void closed.then(shut, shut);
      void settled.then(shut);
    }
    return item;
  }

  /** Segments that count toward `maxInFlight`: all but a live one still being fed. */
  const inFlight = (): number => pending.reduce((n, p) => n + (p.open ? 0 : 1), 0);

  async function pull(): Promise<void> {
    const next = await Promise.race([iterator.next(), aborted]);
    let produced: readonly AnyLabelled<S>[];
    if (next.done === true) {
      sourceDone = true;
      flushed = true;
      const end = relabel<SegmenterStep<C>>({ stream: streamId, end: 'flush' }, segmentedPipeline.chunkLabel, { trusted: false });
      produced = await step(end, undefined, controller.signal);
    } else {
      const label = mostSensitive(next.value.label, segmentedPipeline.chunkLabel);
      const input = relabel<SegmenterStep<C>>({ stream: streamId, chunk: next.value.value }, label, { trusted: isTrustedLeavable(next.value) });
      produced = await step(input, chunks++, controller.signal);
    }
    for (const segment of produced) pending.push(runSegment(segment));
  }

  const lanes: Promise<void>[] = perSegment.stages.map(() => Promise.resolve());
  let pulling: Promise<void> | undefined;
  try {
    for (;;) {
      if (!sourceDone && pulling === undefined && inFlight() < maxInFlight) pulling = pull();
      const head = pending[0];
      if (pulling === undefined && head === undefined) break;
      const waits: Promise<'pulled' | 'segment'>[] = [];
      if (pulling !== undefined) waits.push(pulling.then(() => 'pulled' as const));
      if (head !== undefined) waits.push(head.settled.then(() => 'segment' as const));
      const which = await Promise.race([...waits, aborted]);
      if (which === 'pulled') {
        pulling = undefined;
        continue;
      }
      pending.shift();
      const outcome = await head!.settled;
      if (controller.signal.aborted) throw abortError(segmenter.name, controller.signal.reason);
      yield outcome;
    }
    finished = true;
  } finally {
    options.signal?.removeEventListener('abort', onOuterAbort);
    pulling?.catch(() => undefined);
    if (!finished) {
      if (!controller.signal.aborted) controller.abort(abortError(segmenter.name, 'the consumer stopped reading the stream'));
      // Not awaited: a source waiting for audio would hold the loop until its next chunk.
      iterator.return?.()?.catch(() => undefined);
    }
    if (!flushed) {
      // The segmenter's state for this stream is dropped where it lives (a stage call like any other).
      const discard = relabel<SegmenterStep<C>>({ stream: streamId, end: 'discard' }, segmentedPipeline.chunkLabel, { trusted: false });
      await step(discard, undefined).catch(() => undefined);
    }
    engine.audit.write(decision);
    recorder.end(engine.now());
  }
}
