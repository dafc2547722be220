/**
 * Silero VAD over a live stream: each 512-sample frame runs exactly once, when its last sample
 * arrives, with the recurrent state and the 64-sample context carried from the frame before, so
 * chunking changes nothing and no audio is run twice (`sileroProbabilities` does the same loop
 * over a whole clip, from a fresh state each call).
 */
import { ort, type OnnxSession } from './onnx-engine.js';
import { SILERO_CONTEXT, SILERO_FRAME, SILERO_SAMPLE_RATE } from './silero-vad.js';

export interface SileroFrames {
  /** The frames this call completed, in order (each a copy of SILERO_FRAME samples). */
  frames: Float32Array[];
  /** One speech probability per frame. */
  probabilities: number[];
}

export interface SileroStream {
  /** Adds 16 kHz mono samples and runs every frame they complete. */
  push(chunk: Float32Array, signal?: AbortSignal): Promise<SileroFrames>;
  /** Runs the last partial frame, zero-padded (as `sileroProbabilities` does at a clip's end). */
  flush(signal?: AbortSignal): Promise<SileroFrames>;
  /** Model calls made: the CPU number (frames run ÷ frames heard stays 1). */
  readonly framesRun: number;
  /** Samples pushed so far. */
  readonly samplesHeard: number;
}

/** Frames a stream of `samples` holds, the last partial one included. */
export function framesIn(samples: number): number {
  return Math.ceil(samples / SILERO_FRAME);
}

export function createSileroStream(session: OnnxSession): SileroStream {
  const sr = new ort.Tensor('int64', BigInt64Array.from([BigInt(SILERO_SAMPLE_RATE)]), []);
  let state: ort.Tensor = new ort.Tensor('float32', new Float32Array(2 * 128), [2, 1, 128]);
  const window = new Float32Array(SILERO_CONTEXT + SILERO_FRAME);
  /** Samples of the frame being filled. */
  const pending = new Float32Array(SILERO_FRAME);
  let filled = 0;
  let framesRun = 0;
  let samplesHeard = 0;

  async function run(frame: Float32Array, signal?: AbortSignal): Promise<number> {
    if (signal?.aborted === true) throw signal.reason;
    // Slide: the last 64 samples of the previous window become this window's context.
    window.copyWithin(0, SILERO_FRAME);
    window.set(frame, SILERO_CONTEXT);
    const out = await session.run({ input: new ort.Tensor('float32', window.slice(), [1, window.length]), state, sr });
    const probability = out.output;
    const next = out.stateN;
    if (!probability || !next) throw new Error(`Silero VAD returned ${Object.keys(out).join(', ')}, expected output and stateN`);
    state = next;
    framesRun += 1;
    return (probability.data as Float32Array)[0] ?? Number.NaN;
  }

  async function completeFrame(result: SileroFrames, signal?: AbortSignal): Promise<void> {
    const frame = pending.slice();
    result.probabilities.push(await run(frame, signal));
    result.frames.push(frame);
    filled = 0;
  }

  return {
    async push(chunk, signal) {
      const result: SileroFrames = { frames: [], probabilities: [] };
      samplesHeard += chunk.length;
      let at = 0;
      while (at < chunk.length) {
        const take = Math.min(SILERO_FRAME - filled, chunk.length - at);
        pending.set(chunk.subarray(at, at + take), filled);
        filled += take;
        at += take;
        if (filled === SILERO_FRAME) await completeFrame(result, signal);
      }
      return result;
    },
    async flush(signal) {
      const result: SileroFrames = { frames: [], probabilities: [] };
      if (filled === 0) return result;
      const real = filled;
      pending.fill(0, filled);
      await completeFrame(result, signal);
      // The padding is not audio: the last frame keeps only what was heard.
      result.frames[0] = result.frames[0]!.subarray(0, real);
      return result;
    },
    get framesRun() {
      return framesRun;
    },
    get samplesHeard() {
      return samplesHeard;
    },
  };
}
