import { defineSegmentingStage, defineStage, segmenterRunner, type SegmenterStep, type Segmenter, type StageRunner } from '../index.js';

/** A "heard" segment of the fake stream: the non-zero levels between silences, with where it was. */
export interface Heard {
  readonly levels: readonly number[];
  readonly start: number;
}

/**
 * A real segmenter over number chunks (levels): a run of non-zero values ends at the first 0 and
 * is emitted as one segment; `flush` emits a run still open. It counts what it saw, per stream.
 */
export class LevelSegmenter implements Segmenter<readonly number[], Heard> {
  static opened = 0;
  static disposed = 0;
  seen = 0;
  #open: number[] = [];
  #start = 0;

  constructor() {
    LevelSegmenter.opened += 1;
  }

  push(chunk: readonly number[]): Heard[] {
    const out: Heard[] = [];
    for (const level of chunk) {
      if (level !== 0) {
        if (this.#open.length === 0) this.#start = this.seen;
        this.#open.push(level);
      } else if (this.#open.length > 0) {
        out.push({ levels: this.#open, start: this.#start });
        this.#open = [];
      }
      this.seen += 1;
    }
    return out;
  }

  flush(): Heard[] {
    const out = this.#open.length > 0 ? [{ levels: this.#open, start: this.#start }] : [];
    this.#open = [];
    return out;
  }

  dispose(): void {
    LevelSegmenter.disposed += 1;
  }
}

/** The segmenting stage over `LevelSegmenter`, on the device; `steps` records every call it got. */
export function levelEndpointer(steps: SegmenterStep<readonly number[]>[] = []) {
  const runner = segmenterRunner(() => new LevelSegmenter(), { report: (s) => ({ seen: s.seen }) });
  return defineSegmentingStage<readonly number[], Heard, 'raw'>({
    name: 'endpoint',
    outputLabel: 'raw',
    local: {
      runner: {
        run: (step, options) => {
          steps.push(step);
          return runner.run(step, options?.signal === undefined ? {} : { signal: options.signal });
        },
      },
    },
  });
}

/** A stand-in recogniser: the segment's levels as words; `delayMs(segment)` makes some slower. */
export function fakeTranscribe(delayMs: (heard: Heard) => number = () => 0, seenSignals: AbortSignal[] = []) {
  const runner: StageRunner<Heard, string> = {
    run: (heard, options) =>
      new Promise((resolve, reject) => {
        if (options?.signal !== undefined) seenSignals.push(options.signal);
        const timer = setTimeout(
          () => resolve({ output: `said ${heard.levels.join(' ')} at ${heard.start}`, report: { backend: 'wasm', runMs: 1 } }),
          delayMs(heard),
        );
        options?.signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(new Error('transcription stopped'));
        });
      }),
  };
  return defineStage({ name: 'transcribe', outputLabel: 'personal', local: { runner } });
}

/** A source of labelled chunks that counts how far it was read and whether it was ended. */
export function countingSource<T>(chunks: readonly T[], label: <V>(v: V) => { label: 'raw'; value: V }, options: { hangAtEnd?: boolean } = {}) {
  const state = { pulled: 0, returned: false };
  const iterable: AsyncIterable<{ label: 'raw'; value: T }> = {
    [Symbol.asyncIterator]: () => ({
      next: () => {
        const chunk = chunks[state.pulled];
        if (chunk === undefined) {
          // A microphone: the next chunk never comes until the capture is stopped.
          return options.hangAtEnd === true ? new Promise(() => undefined) : Promise.resolve({ done: true, value: undefined });
        }
        state.pulled += 1;
        return Promise.resolve({ done: false, value: label(chunk) });
      },
      return: () => {
        state.returned = true;
        return Promise.resolve({ done: true, value: undefined });
      },
    }),
  };
  return { iterable, state };
}
