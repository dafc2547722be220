/**
 * Continuous speech as a UI sees it: one stream of audio (a microphone, a file) through a live
 * speech pipeline (`segmented(endpoint, transcribe → redact …)`), told as one ordered series of
 * events per utterance: its cut, the partial words while it is decoded, and its result. It is
 * `tandem.stream` plus the bookkeeping every speech app would otherwise write: which utterance a
 * partial belongs to, when the endpointer cut, how much audio was heard.
 */
import {
  TraceRecorder,
  type Labelled,
  type PipelineParams,
  type SegmentClose,
  type SegmentedPipeline,
  type SegmentOutcome,
  type SensitivityLabel,
  type StageTrace,
  type StreamSource,
  type Tandem,
} from '@tandem/core';
import type { LiveSpeechStages } from './live-speech-stages.js';
import type { LiveUtterance } from './live-transcriber.js';

export type ListenEvent<O, LOut extends SensitivityLabel, Open, Close> =
  /** The endpointer ended utterance `index`: only the end of its decode (and what follows) is left. */
  | { readonly type: 'cut'; readonly index: number; readonly utterance: LiveUtterance<Open, Close>; readonly close: SegmentClose<Close>; readonly at: number }
  /** The words heard so far in utterance `index` (the recogniser's partial hypothesis). */
  | { readonly type: 'partial'; readonly index: number; readonly text: string }
  /** Utterance `index` went through the whole pipeline (or failed, or was deferred). */
  | { readonly type: 'result'; readonly index: number; readonly outcome: SegmentOutcome<LiveUtterance<Open, Close>, O, LOut> };

export interface ListenOptions<Params extends object> {
  readonly signal?: AbortSignal;
  /** Per-run parameters of the per-utterance pipeline. */
  readonly params?: Params;
  /** Utterances decoded ahead of the one the consumer has not taken yet. Default 2. */
  readonly maxInFlight?: number;
  readonly stageTimeoutMs?: number;
  /** The session's trace (every chunk's endpoint call, every utterance's stages). */
  readonly recorder?: TraceRecorder;
}

export interface ListenSummary {
  /** 16 kHz samples read from the source. */
  readonly samples: number;
  /** The endpoint stage's calls, one per chunk and the flush (backend, model, frames run). */
  readonly endpointCalls: readonly StageTrace[];
}

/**
 * Listens to `source` until it ends (a microphone's `stop()`, the end of a file) or `signal`
 * aborts, yielding each utterance's cut, partials and result in order. Returns what was heard.
 * One stream at a time per `speech` (its `onUtterance` hook has no stream to tell them apart by).
 */
export async function* listen<O, LOut extends SensitivityLabel, Open, Close, Params extends object = PipelineParams>(
  tandem: Tandem,
  speech: LiveSpeechStages<Open, Close>,
  session: SegmentedPipeline<Float32Array, LiveUtterance<Open, Close>, O, 'raw', LOut, Params>,
  source: StreamSource<Labelled<Float32Array, 'raw'>>,
  options: ListenOptions<Params> = {},
): AsyncGenerator<ListenEvent<O, LOut, Open, Close>, ListenSummary, void> {
  type Event = ListenEvent<O, LOut, Open, Close>;
  const queue: Event[] = [];
  let wake: (() => void) | undefined;
  const push = (event: Event): void => {
    queue.push(event);
    wake?.();
  };
  let samples = 0;
  const counted = (async function* () {
    for await (const chunk of source as AsyncIterable<Labelled<Float32Array, 'raw'>>) {
      samples += chunk.value.length;
      yield chunk;
    }
  })();

  const recorder = options.recorder ?? new TraceRecorder(session.name);
  let opened = 0;
  const decoded = new Set<number>();
  const stopHook = speech.onUtterance((utterance) => {
    const index = opened++;
    void utterance.closed.then(
      (close) => push({ type: 'cut', index, utterance, close, at: performance.now() }),
      () => undefined,
    );
  });
  const onStage = (e: { readonly trace: StageTrace }): void => {
    if (e.trace.stage === speech.transcribe.name && e.trace.segment !== undefined) decoded.add(e.trace.segment);
  };
  const unhook = new AbortController();
  recorder.addEventListener('stage', onStage, { signal: unhook.signal });
  /** A partial belongs to the first opened utterance whose decode has not finished (they decode in order). */
  const decoding = (): number => {
    let i = 0;
    while (decoded.has(i)) i++;
    return i;
  };

  let finished = false;
  let failure: { error: unknown } | undefined;
  const stop = new AbortController();
  const onOuterAbort = (): void => stop.abort(options.signal?.reason);
  if (options.signal?.aborted === true) onOuterAbort();
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const run = (async () => {
    try {
      for await (const outcome of tandem.stream(session, counted, {
        recorder,
        signal: stop.signal,
        ...(options.params === undefined ? {} : { params: options.params }),
        ...(options.maxInFlight === undefined ? {} : { maxInFlight: options.maxInFlight }),
        ...(options.stageTimeoutMs === undefined ? {} : { stageTimeoutMs: options.stageTimeoutMs }),
        onPartial: (stage, partial) => {
          if (stage === speech.transcribe.name && typeof partial === 'string') push({ type: 'partial', index: decoding(), text: partial });
        },
      })) {
        push({ type: 'result', index: outcome.index, outcome });
      }
    } catch (error) {
      failure = { error };
    } finally {
      finished = true;
      options.signal?.removeEventListener('abort', onOuterAbort);
      wake?.();
    }
  })();

  try {
    for (;;) {
      const next = queue.shift();
      if (next !== undefined) {
        yield next;
        continue;
      }
      if (finished) break;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
    await run;
    if (failure !== undefined) throw failure.error;
    const endpointCalls = recorder.toJSON().stages.filter((t) => t.stage === session.segmenter.name);
    return { samples, endpointCalls };
  } finally {
    stopHook();
    unhook.abort();
    // The consumer left early: stop listening (the stream aborts the open utterance's decode).
    if (!finished) stop.abort(new DOMException('The listener stopped reading.', 'AbortError'));
  }
}
