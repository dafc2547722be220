/** Float samples in [-1, 1] to 16-bit PCM, clamped (a clipped float would otherwise wrap). */
export function floatToInt16(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    // One scale both ways (2^15, as int16ToFloat), so int16 → float → int16 is exact.
    out[i] = Math.max(-0x8000, Math.min(0x7fff, Math.round((samples[i] ?? 0) * 0x8000)));
  }
  return out;
}

/** 16-bit PCM to floats in [-1, 1). */
export function int16ToFloat(samples: Int16Array): Float32Array {
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = (samples[i] ?? 0) / 0x8000;
  return out;
}

/** Averages channels into one (equal weights, as Web Audio's own down-mix of stereo does). */
export function downmixToMono(channels: readonly Float32Array[]): Float32Array {
  const first = channels[0];
  if (!first) return new Float32Array(0);
  if (channels.length === 1) return first;
  const out = new Float32Array(first.length);
  for (const channel of channels) for (let i = 0; i < out.length; i++) out[i]! += (channel[i] ?? 0) / channels.length;
  return out;
}
