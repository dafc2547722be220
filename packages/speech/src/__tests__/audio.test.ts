import { describe, expect, it } from 'vitest';
import { downmixToMono, floatToInt16, int16ToFloat } from '../audio/pcm.js';
import { createStreamResampler, resample } from '../audio/resample.js';

function sine(freq: number, rate: number, seconds: number): Float32Array {
  return Float32Array.from({ length: Math.round(rate * seconds) }, (_, i) => 0.5 * Math.sin((2 * Math.PI * freq * i) / rate));
}

/** Amplitude of `freq` in `x` by correlation with a sine and a cosine (a one-bin DFT). */
function amplitude(x: Float32Array, freq: number, rate: number): number {
  let re = 0;
  let im = 0;
  for (let i = 0; i < x.length; i++) {
    re += (x[i] ?? 0) * Math.cos((2 * Math.PI * freq * i) / rate);
    im += (x[i] ?? 0) * Math.sin((2 * Math.PI * freq * i) / rate);
  }
  return (2 * Math.hypot(re, im)) / x.length;
}

describe('resample', () => {
  it('keeps a 1 kHz tone at its amplitude from 48 kHz to 16 kHz', () => {
    const out = resample(sine(1000, 48_000, 0.5), 48_000, 16_000);
    expect(out.length).toBe(8000);
    expect(amplitude(out.subarray(500, 7500), 1000, 16_000)).toBeCloseTo(0.5, 2);
  });

  it('removes a 12 kHz tone that 16 kHz cannot represent instead of aliasing it to 4 kHz', () => {
    const out = resample(sine(12_000, 48_000, 0.5), 48_000, 16_000);
    expect(amplitude(out.subarray(500, 7500), 4000, 16_000)).toBeLessThan(0.01);
  });

  it('handles a non-integer ratio (44.1 kHz) and upsampling (8 kHz)', () => {
    const down = resample(sine(440, 44_100, 0.5), 44_100, 16_000);
    expect(down.length).toBe(8000);
    expect(amplitude(down.subarray(500, 7500), 440, 16_000)).toBeCloseTo(0.5, 2);
    const up = resample(sine(440, 8000, 0.5), 8000, 16_000);
    expect(amplitude(up.subarray(500, 7500), 440, 16_000)).toBeCloseTo(0.5, 2);
  });

  it('gives the same samples whether a stream comes in one piece or in 128-sample quanta', () => {
    const input = sine(700, 48_000, 0.25);
    const whole = resample(input, 48_000, 16_000);
    const stream = createStreamResampler(48_000, 16_000);
    const parts: number[] = [];
    for (let i = 0; i < input.length; i += 128) parts.push(...stream.push(input.subarray(i, i + 128)));
    parts.push(...stream.flush());
    expect(parts.length).toBe(whole.length);
    expect(Math.max(...parts.map((v, i) => Math.abs(v - whole[i]!)))).toBeLessThan(1e-6);
  });

  it('refuses a rate of zero', () => {
    expect(() => resample(new Float32Array(4), 0, 16_000)).toThrow(RangeError);
  });
});

describe('pcm', () => {
  it('clamps floats outside [-1, 1] instead of wrapping', () => {
    expect(Array.from(floatToInt16(Float32Array.from([0, 1, -1, 2, -2, 0.5])))).toEqual([0, 32767, -32768, 32767, -32768, 16384]);
  });

  it('round-trips int16 through float', () => {
    const x = Int16Array.from([0, 1, -1, 32767, -32768, 1234]);
    expect(Array.from(floatToInt16(int16ToFloat(x)))).toEqual(Array.from(x));
  });

  it('averages channels', () => {
    expect(Array.from(downmixToMono([Float32Array.from([1, 0]), Float32Array.from([0, 1])]))).toEqual([0.5, 0.5]);
  });
});
