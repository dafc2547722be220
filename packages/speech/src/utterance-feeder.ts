import type { AsrEngine, AsrResult } from './asr-engine.js';

/**
 * The hook for voice activity detection. A VAD (Silero in @tandem/runtime-onnx, or anything
 * else) turns a continuous 16 kHz stream into these events; the feeder turns them into engine
 * utterances, so the engine never sees silence between utterances and each result is one
 * sentence. Padding and minimum speech length are the VAD's settings: it decides when
 * `speech-start` fires (including any pre-roll audio it sends right after) and when `speech-end`.
 */
export type VadEvent =
  | { type: 'speech-start'; /** seconds from the start of the stream */ at: number }
  | { type: 'audio'; pcm: Float32Array | Int16Array }
  | { type: 'speech-end'; at: number };

export interface UtteranceResult extends AsrResult {
  /** Index of the utterance in the stream, from 0. */
  index: number;
  /** Seconds from the start of the stream where the utterance began (add to word times). */
  offset: number;
}

export interface UtteranceFeeder {
  /** Audio outside an utterance is dropped: that is the point of a VAD. */
  push(event: VadEvent): void;
  /** Resolves when every utterance pushed so far is final; ends an open one. */
  flush(): Promise<void>;
}

export function createUtteranceFeeder(engine: AsrEngine, onUtterance: (result: UtteranceResult) => void): UtteranceFeeder {
  let open = false;
  let offset = 0;
  let index = 0;
  // Calls are chained so the engine sees start/feed/end strictly in event order. The first
  // failure is kept for flush() and the chain goes on, so one bad chunk does not stall a stream.
  let chain: Promise<unknown> = Promise.resolve();
  let failure: { error: unknown } | undefined;
  const then = (step: () => Promise<unknown>): void => {
    chain = chain.then(step).catch((error: unknown) => {
      failure ??= { error };
    });
  };
  const close = (): void => {
    const n = index++;
    const at = offset;
    then(async () => onUtterance({ ...(await engine.end()), index: n, offset: at }));
    open = false;
  };
  return {
    push(event) {
      if (event.type === 'speech-start') {
        if (open) close();
        open = true;
        offset = event.at;
        then(() => engine.start());
      } else if (event.type === 'audio') {
        if (open) {
          const pcm = event.pcm;
          then(() => engine.feed(pcm));
        }
      } else if (open) {
        close();
      }
    },
    async flush() {
      if (open) close();
      await chain;
      if (failure) {
        const { error } = failure;
        failure = undefined;
        throw error;
      }
    },
  };
}
