import type { RunReport } from '../trace/run-report.js';
import { segmenterRunner, type Segmenter, type SegmenterStep } from './segmenting-stage.js';

/**
 * What a boundary detector says about a stream, in stream positions (samples for audio; position 0
 * is the first unit of the first chunk). An endpointer opens a segment once it is sure speech began
 * (at its pre-roll, which may lie in chunks already seen) and closes it when the speech ended.
 */
export type SegmentBoundary<Open = unknown, Close = unknown> =
  | { readonly type: 'open'; readonly start: number; readonly meta: Open }
  | { readonly type: 'close'; readonly end: number; readonly meta: Close };

/** How a live segment ended: its end position and the detector's facts about it. */
export interface SegmentClose<Close> {
  readonly end: number;
  readonly meta: Close;
}

/**
 * A segment emitted when it opens, while its content is still arriving: the stage after the
 * segmenter (a recogniser) starts at once and reads `content` as the source is read, instead of
 * waiting for the cut and going over the audio a second time.
 */
export interface LiveSegment<C, Open = unknown, Close = unknown> {
  /** Stream position of the first unit of `content`. */
  readonly start: number;
  readonly open: Open;
  /**
   * The content from `start` on, chunk by chunk, closed at the segment's end. It may run past
   * `closed.end` by what arrived between the end and the detector's decision (the silence an
   * endpointer waits for), never past the chunk in which the decision came. It errors with the
   * stream's reason when the stream is cancelled while the segment is open.
   */
  readonly content: ReadableStream<C>;
  /** Resolves at the close; rejects like `content` when the stream is cancelled first. */
  readonly closed: Promise<SegmentClose<Close>>;
}

/** What a live segmenter needs of a chunk: typed arrays have it. */
export interface Sliceable<C> {
  readonly length: number;
  subarray(begin: number, end?: number): C;
  /** A copy: the history keeps its own, as the detector may transfer the chunk to a worker. */
  slice(begin?: number, end?: number): C;
}

type MaybePromise<T> = T | Promise<T>;

/** The detector behind a live segmenter: a segmenting stage's runner that returns boundaries. */
export interface BoundaryDetector<C, Open, Close> {
  run(step: SegmenterStep<C>, context?: { signal?: AbortSignal }): MaybePromise<{ output: readonly SegmentBoundary<Open, Close>[]; report: RunReport }>;
}

export interface LiveSegmenterOptions {
  /**
   * Units of past audio kept for an `open` whose start lies in chunks already seen (an endpointer's
   * pre-roll plus the onset it waits to be sure of). An open earlier than this throws.
   */
  readonly history: number;
  /**
   * Units a segment's content may hold unread before `push` waits for its reader: backpressure
   * from the stage that reads it back to the source. Default: `history` × 20.
   */
  readonly highWaterMark?: number;
}

/** A live segmenter also reports the detector's own report of its last call (backend, model). */
export interface LiveSegmenter<C, Open, Close> extends Segmenter<C, LiveSegment<C, Open, Close>> {
  readonly lastReport: RunReport | undefined;
}

interface OpenSegment<C, Close> {
  readonly controller: ReadableStreamDefaultController<C>;
  readonly close: (value: SegmentClose<Close>) => void;
  readonly fail: (reason: unknown) => void;
  /** Resolved by the reader's pull when the queue has room again. */
  room: (() => void) | undefined;
}

/** Past chunks, trimmed to `history` units, from which an `open` takes its start. */
class History<C extends Sliceable<C>> {
  readonly #chunks: { at: number; chunk: C }[] = [];
  /** Stream position one past the last unit seen. */
  position = 0;

  constructor(readonly keep: number) {}

  /** Adds the next chunk, dropping chunks that end more than `keep` units before it. */
  append(chunk: C): void {
    while (this.#chunks.length > 0 && this.#chunks[0]!.at + this.#chunks[0]!.chunk.length <= this.position - this.keep) this.#chunks.shift();
    this.#chunks.push({ at: this.position, chunk });
    this.position += chunk.length;
  }

  /** The units from `from` to `to` as subarrays of the kept chunks. */
  slice(from: number, to: number): C[] {
    const first = this.#chunks[0]?.at ?? this.position;
    if (from < first) throw new RangeError(`A segment opened at ${from}, before the ${this.keep} units of history kept (from ${first}): raise the live segmenter's history.`);
    const out: C[] = [];
    for (const { at, chunk } of this.#chunks) {
      const begin = Math.max(from, at) - at;
      const end = Math.min(to, at + chunk.length) - at;
      if (end > begin) out.push(chunk.subarray(begin, end));
    }
    return out;
  }
}

/**
 * One stream's live segmenter: hands each chunk to the detector, and turns its boundaries into
 * live segments fed from the chunks as they come. `push` resolves once the open segment's reader
 * has room, so a slow reader slows the source instead of piling audio up in memory.
 */
export function liveSegmenter<C extends Sliceable<C>, Open, Close>(
  detector: BoundaryDetector<C, Open, Close>,
  stream: string,
  options: LiveSegmenterOptions,
): LiveSegmenter<C, Open, Close> {
  const history = new History<C>(options.history);
  const highWaterMark = options.highWaterMark ?? Math.max(1, options.history * 20);
  let current: OpenSegment<C, Close> | undefined;
  let lastReport: RunReport | undefined;

  function openSegment(start: number, meta: Open): LiveSegment<C, Open, Close> {
    let close!: (value: SegmentClose<Close>) => void;
    let fail!: (reason: unknown) => void;
    const closed = new Promise<SegmentClose<Close>>((resolve, reject) => {
      close = resolve;
      fail = reject;
    });
    closed.catch(() => undefined);
    let segment!: OpenSegment<C, Close>;
    const content = new ReadableStream<C>(
      {
        start(controller) {
          segment = { controller, close, fail, room: undefined };
        },
        pull() {
          segment.room?.();
          segment.room = undefined;
        },
        cancel() {
          // The reader gave up (its stage failed): stop holding the source back for it.
          segment.room?.();
          segment.room = undefined;
          if (current === segment) current = undefined;
        },
      },
      { highWaterMark, size: (chunk) => chunk.length },
    );
    current = segment;
    return { start, open: meta, content, closed };
  }

  function closeSegment(end: number, meta: Close): void {
    const segment = current;
    current = undefined;
    if (segment === undefined) return;
    segment.controller.close();
    segment.close({ end, meta });
  }

  /** Feeds the open segment the units from `from` to `to` of what has been seen. */
  function feed(from: number, to: number): void {
    if (current === undefined || to <= from) return;
    for (const part of history.slice(from, to)) current.controller.enqueue(part);
  }

  async function waitForRoom(signal?: AbortSignal): Promise<void> {
    const segment = current;
    if (segment === undefined || (segment.controller.desiredSize ?? 1) > 0) return;
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => reject(signal?.reason);
      if (signal?.aborted === true) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      segment.room = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
    });
  }

  /** Applies the boundaries of one call; `from`..`to` is the chunk it was about. */
  function apply(boundaries: readonly SegmentBoundary<Open, Close>[], from: number, to: number): LiveSegment<C, Open, Close>[] {
    const opened: LiveSegment<C, Open, Close>[] = [];
    let fed = from;
    for (const b of boundaries) {
      if (b.type === 'close') {
        feed(fed, Math.min(to, b.end));
        fed = to;
        closeSegment(b.end, b.meta);
      } else {
        if (current !== undefined) throw new Error(`The detector opened a segment at ${b.start} while one was open.`);
        opened.push(openSegment(b.start, b.meta));
        feed(b.start, to);
        fed = to;
      }
    }
    feed(fed, to);
    return opened;
  }

  return {
    get lastReport() {
      return lastReport;
    },
    async push(chunk, signal) {
      // Before this chunk, not after the last: the push that opens a segment must return it, or
      // its reader never starts.
      await waitForRoom(signal);
      const from = history.position;
      history.append(chunk.slice());
      const { output, report } = await detector.run({ stream, chunk }, signal === undefined ? {} : { signal });
      lastReport = report;
      return apply(output, from, history.position);
    },
    async flush(signal) {
      const { output, report } = await detector.run({ stream, end: 'flush' }, signal === undefined ? {} : { signal });
      lastReport = report;
      const opened = apply(output, history.position, history.position);
      const left = current;
      if (left !== undefined) {
        // The detector broke its contract (every open is closed by the flush at the latest): the
        // content read so far is whole, so its reader finishes, but the close has no facts to give.
        current = undefined;
        left.controller.close();
        left.fail(new Error(`The detector left a segment open at the end of stream "${stream}".`));
      }
      return opened;
    },
    dispose() {
      if (current === undefined) return;
      const reason = new DOMException('The stream was cancelled while this segment was open.', 'AbortError');
      current.controller.error(reason);
      current.fail(reason);
      current.room?.();
      current = undefined;
      void Promise.resolve(detector.run({ stream, end: 'discard' })).catch(() => undefined);
    },
  };
}

/**
 * The runner of a live segmenting stage: one live segmenter per stream over `detector` (usually a
 * worker's endpointer), reporting the detector's backend and model as the stage's.
 */
export function liveSegmenterRunner<C extends Sliceable<C>, Open, Close>(detector: BoundaryDetector<C, Open, Close>, options: LiveSegmenterOptions) {
  return segmenterRunner((stream) => liveSegmenter(detector, stream, options), {
    report: (segmenter) => {
      const { runMs: _runMs, ...rest } = segmenter.lastReport ?? { backend: 'js', runMs: 0 };
      return rest;
    },
  });
}
