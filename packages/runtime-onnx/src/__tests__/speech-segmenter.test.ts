import { describe, expect, it } from 'vitest';
import { segmentSpeech } from '../speech-segmenter.js';

/** Probabilities per 512-sample frame (32 ms at 16 kHz) from a compact description. */
function frames(...runs: [number, number][]): number[] {
  return runs.flatMap(([p, n]) => Array<number>(n).fill(p));
}

describe('segmentSpeech', () => {
  const total = (ps: number[]) => ps.length * 512;

  it('finds one span with padding, in samples and ms', () => {
    const ps = frames([0.05, 20], [0.9, 30], [0.05, 20]);
    const [span, ...rest] = segmentSpeech(ps, total(ps), { speechPadMs: 30 });
    expect(rest).toEqual([]);
    expect(span!.startSample).toBe(20 * 512 - 480);
    expect(span!.endSample).toBe(50 * 512 + 480);
    expect(span!.startMs).toBeCloseTo(640 - 30);
    expect(span!.endMs).toBeCloseTo(1600 + 30);
  });

  it('bridges pauses shorter than minSilenceMs and splits at longer ones', () => {
    const ps = frames([0.05, 10], [0.9, 20], [0.05, 5], [0.9, 20], [0.05, 20], [0.9, 20], [0.05, 10]);
    const spans = segmentSpeech(ps, total(ps), { minSilenceMs: 300, speechPadMs: 0 });
    expect(spans.map((s) => [s.startSample / 512, s.endSample / 512])).toEqual([[10, 55], [75, 95]]);
  });

  it('uses hysteresis: values between negThreshold and threshold keep speech going', () => {
    const ps = frames([0.05, 10], [0.9, 10], [0.4, 20], [0.05, 10]);
    const spans = segmentSpeech(ps, total(ps), { threshold: 0.5, negThreshold: 0.35, speechPadMs: 0, minSilenceMs: 100 });
    expect(spans.map((s) => [s.startSample / 512, s.endSample / 512])).toEqual([[10, 40]]);
  });

  it('drops spans shorter than minSpeechMs and closes a span still open at the end', () => {
    const ps = frames([0.05, 10], [0.9, 3], [0.05, 10], [0.9, 20]);
    const spans = segmentSpeech(ps, total(ps), { minSpeechMs: 250, speechPadMs: 0 });
    expect(spans.map((s) => [s.startSample / 512, s.endSample / 512])).toEqual([[23, 43]]);
  });

  it('never pads into the neighbouring span', () => {
    const ps = frames([0.9, 20], [0.05, 4], [0.9, 20]);
    const spans = segmentSpeech(ps, total(ps), { minSilenceMs: 100, speechPadMs: 200 });
    expect(spans).toHaveLength(2);
    expect(spans[0]!.startSample).toBe(0);
    expect(spans[0]!.endSample).toBeLessThanOrEqual(spans[1]!.startSample);
  });
});
