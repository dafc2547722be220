import { describe, expect, it } from 'vitest';
import { parseSegments } from '../pocketsphinx/decoder.js';

describe('parseSegments', () => {
  // What tandem_ps_segments printed for sentence 01 of the fixtures (flite slt).
  const listing = '<s>\t0\t14\t-2\nthe\t15\t27\t-5864\nquick\t28\t55\t0\n[NOISE]\t56\t60\t0\n<sil>\t61\t70\t0\nread(2)\t71\t90\t-4\n</s>\t91\t94\t0\n';

  it('drops fillers and silences, strips alternate-pronunciation marks', () => {
    expect(parseSegments(listing, 100).map((w) => w.word)).toEqual(['the', 'quick', 'read']);
  });

  it('turns inclusive frame ranges into seconds', () => {
    const [the] = parseSegments(listing, 100);
    expect(the!.start).toBeCloseTo(0.15);
    expect(the!.end).toBeCloseTo(0.28);
  });

  it('maps log posteriors (base 1.0001) to confidences in [0, 1]', () => {
    const [the, quick] = parseSegments(listing, 100);
    expect(quick!.confidence).toBe(1);
    expect(the!.confidence).toBeCloseTo(1.0001 ** -5864, 6);
  });

  it('returns nothing for an empty listing', () => {
    expect(parseSegments('', 100)).toEqual([]);
  });
});
