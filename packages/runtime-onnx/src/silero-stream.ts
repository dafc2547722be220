/**
 * Silero VAD over a live stream: each 512-sample frame runs exactly once, when its last sample
 * arrives, with the recurrent state and the 64-sample context carried from the frame before, so
 * chunking changes nothing and no audio is run twice (`sileroProbabilities` does the same loop
 * over a whole clip, from a fresh state each call).
 */
import type { OnnxSession } from './onnx-engine.js';
import { createSileroFrameRunner, SILERO_FRAME } from './silero-frames.js';

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
  const model = createSileroFrameRunner(session);
  /** Samples of the frame being filled. */
  const pending = new Float32Array(SILERO_FRAME);
  let filled = 0;
  let samplesHeard = 0;

  async function completeFrame(result: SileroFrames, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted === true) throw signal.reason;
    const frame = pending.slice();
    result.probabilities.push(await model.run(frame));
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
      return model.framesRun;
    },
    get samplesHeard() {
      return samplesHeard;
    },
  };
}
