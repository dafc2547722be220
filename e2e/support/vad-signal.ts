/**
 * A deterministic test signal for Silero VAD: quiet noise, then a voiced-like burst (a pitch
 * sweep with harmonics and syllable-rate amplitude modulation), then quiet noise again. The same
 * frames feed the browser and the native reference, so only the runtimes differ.
 */
export const FRAME = 512;
export const SAMPLE_RATE = 16_000;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function vadTestFrames(count = 48, seed = 7): number[][] {
  const rand = mulberry32(seed);
  const frames: number[][] = [];
  for (let f = 0; f < count; f++) {
    const frame: number[] = [];
    for (let i = 0; i < FRAME; i++) {
      const t = (f * FRAME + i) / SAMPLE_RATE;
      const voiced = f >= count / 4 && f < (3 * count) / 4;
      let x = (rand() - 0.5) * 0.004;
      if (voiced) {
        const pitch = 120 + 40 * Math.sin(2 * Math.PI * 1.5 * t);
        const envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 4 * t);
        for (let h = 1; h <= 8; h++) x += (envelope * 0.3 * Math.sin(2 * Math.PI * pitch * h * t)) / h;
      }
      frame.push(x);
    }
    frames.push(frame);
  }
  return frames;
}
