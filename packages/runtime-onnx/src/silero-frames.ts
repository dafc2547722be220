/**
 * Silero VAD v5/v6's frame contract, in one place: 16 kHz audio in 512-sample frames, each seen
 * with the last 64 samples of the frame before (input length 576), and a [2, 1, 128] recurrent
 * state carried from frame to frame. The batch VAD (`sileroProbabilities`) and the streaming one
 * (`createSileroStream`) both run their frames through `createSileroFrameRunner`.
 */
import { ort, type OnnxSession } from './onnx-engine.js';

export const SILERO_SAMPLE_RATE = 16_000;
export const SILERO_FRAME = 512;
export const SILERO_CONTEXT = 64;

/** One Silero state over a session: call `run` once per frame, in order. */
export interface SileroFrameRunner {
  /** The speech probability of the next frame (shorter than SILERO_FRAME: zero-padded). */
  run(frame: Float32Array): Promise<number>;
  /** Model calls made so far. */
  readonly framesRun: number;
}

export function createSileroFrameRunner(session: OnnxSession): SileroFrameRunner {
  const sr = new ort.Tensor('int64', BigInt64Array.from([BigInt(SILERO_SAMPLE_RATE)]), []);
  let state: ort.Tensor = new ort.Tensor('float32', new Float32Array(2 * 128), [2, 1, 128]);
  const window = new Float32Array(SILERO_CONTEXT + SILERO_FRAME);
  let framesRun = 0;
  return {
    async run(frame) {
      // Slide: the last 64 samples of the previous window become this window's context.
      window.copyWithin(0, SILERO_FRAME);
      window.fill(0, SILERO_CONTEXT);
      window.set(frame.subarray(0, SILERO_FRAME), SILERO_CONTEXT);
      const out = await session.run({ input: new ort.Tensor('float32', window.slice(), [1, window.length]), state, sr });
      const probability = out.output;
      const next = out.stateN;
      if (!probability || !next) throw new Error(`Silero VAD returned ${Object.keys(out).join(', ')}, expected output and stateN`);
      state = next;
      framesRun += 1;
      return (probability.data as Float32Array)[0] ?? Number.NaN;
    },
    get framesRun() {
      return framesRun;
    },
  };
}
