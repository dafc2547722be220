import { ASR_SAMPLE_RATE } from '../asr-engine.js';

/**
 * Resamples a whole buffer, any rate to any rate (see `createStreamResampler` for the kernel).
 */
export function resample(input: Float32Array, fromRate: number, toRate: number, halfWidth = 16): Float32Array {
  if (fromRate === toRate) return input.slice();
  const stream = createStreamResampler(fromRate, toRate, halfWidth);
  const head = stream.push(input);
  const tail = stream.flush();
  const out = new Float32Array(head.length + tail.length);
  out.set(head, 0);
  out.set(tail, head.length);
  return out;
}

/** Any rate to the 16 kHz every AsrEngine takes. */
export function resampleTo16k(input: Float32Array, fromRate: number): Float32Array {
  return resample(input, fromRate, ASR_SAMPLE_RATE);
}

const TABLE_STEPS_PER_CROSSING = 256;

/**
 * Windowed-sinc resampler for a stream cut into chunks of any size (a microphone's 128-sample
 * render quanta, a file in one piece): it keeps the input tail it still needs, so many small
 * chunks give the same output as one big one. Speech engines want 16 kHz while microphones give
 * 44.1/48 kHz; plain decimation would fold everything above 8 kHz back into the speech band, so
 * the kernel low-passes at the lower of the two Nyquist frequencies. Blackman window,
 * `halfWidth` zero crossings each side.
 */
export function createStreamResampler(fromRate: number, toRate: number = ASR_SAMPLE_RATE, halfWidth = 16) {
  if (!(fromRate > 0) || !(toRate > 0)) throw new RangeError(`sample rates must be positive (got ${fromRate} → ${toRate})`);
  const ratio = toRate / fromRate;
  const cutoff = Math.min(1, ratio);
  const radius = halfWidth / cutoff;
  let history = new Float32Array(0); // input samples from absolute index `historyStart`
  let historyStart = 0;
  let produced = 0; // output samples emitted so far

  // The kernel is symmetric and depends only on |x|: tabulate it once (256 points per zero
  // crossing, linear interpolation) instead of three trig calls per tap per output sample.
  const perUnit = (TABLE_STEPS_PER_CROSSING * halfWidth) / radius;
  const table = new Float64Array(TABLE_STEPS_PER_CROSSING * halfWidth + 2);
  for (let i = 0; i < table.length; i++) {
    const x = Math.min(i / perUnit, radius);
    const t = x / radius;
    const window = 0.42 + 0.5 * Math.cos(Math.PI * t) + 0.08 * Math.cos(2 * Math.PI * t);
    const arg = Math.PI * x * cutoff;
    table[i] = (arg === 0 ? 1 : Math.sin(arg) / arg) * window;
  }
  const weight = (x: number): number => {
    const pos = Math.abs(x) * perUnit;
    const i = Math.floor(pos);
    const a = table[i] ?? 0;
    return a + ((table[i + 1] ?? 0) - a) * (pos - i);
  };

  const kernelAt = (centre: number, signal: Float32Array, offset: number): number => {
    const from = Math.max(offset, Math.ceil(centre - radius));
    const to = Math.min(offset + signal.length - 1, Math.floor(centre + radius));
    let acc = 0;
    let norm = 0;
    for (let k = from; k <= to; k++) {
      const w = weight(k - centre);
      acc += (signal[k - offset] ?? 0) * w;
      norm += w;
    }
    return norm === 0 ? 0 : acc / norm;
  };

  return {
    /** Feeds a chunk; returns the output samples whose whole kernel is now known. */
    push(chunk: Float32Array): Float32Array {
      if (fromRate === toRate) return chunk.slice();
      const joined = new Float32Array(history.length + chunk.length);
      joined.set(history, 0);
      joined.set(chunk, history.length);
      const known = historyStart + joined.length; // absolute input index one past the last
      const out: number[] = [];
      for (;;) {
        const centre = produced / ratio;
        if (centre + radius >= known) break;
        out.push(kernelAt(centre, joined, historyStart));
        produced++;
      }
      const keepFrom = Math.max(historyStart, Math.floor(produced / ratio - radius) - 1);
      history = joined.slice(keepFrom - historyStart);
      historyStart = keepFrom;
      return Float32Array.from(out);
    },
    /** Emits what is left, treating the input after the last chunk as silence. */
    flush(): Float32Array {
      if (fromRate === toRate) return new Float32Array(0);
      const end = Math.floor((historyStart + history.length) * ratio);
      const out: number[] = [];
      while (produced < end) out.push(kernelAt(produced++ / ratio, history, historyStart));
      return Float32Array.from(out);
    },
  };
}

export type StreamResampler = ReturnType<typeof createStreamResampler>;
