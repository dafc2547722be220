import { describe, expect, it } from 'vitest';
import { utteranceTimelines, type LatencyMark } from '../utterance-marks.ts';

const m = (name: string, startTime: number, detail: Record<string, string | number>): LatencyMark => ({ name: `tandem:${name}`, startTime, detail });

/** Three microphone utterances; a sample's utterance between them; the last translation never came back. */
const MARKS: LatencyMark[] = [
  m('input', 900, { input: 1, origin: 'microphone' }),
  m('cut', 1000, { id: 'u1', speechEndAt: 200, clipMs: 3000 }),
  m('transcribed', 1200, { input: 1, id: 'u1', audioBytes: 90_000, asrMs: 2400, asrTailMs: 150, redactMs: 5 }),
  m('translate-start', 1201, { id: 'u1' }),
  m('translated', 1300, { id: 'u1', runMs: 98, bytesSent: 150 }),
  m('shown', 1303, { id: 'u1' }),
  m('shown', 1900, { id: 'u1' }), // re-rendered later: the first one counts
  m('cut', 2000, { id: 'u2', speechEndAt: 1200, clipMs: 5000 }),
  m('input', 1800, { input: 2, origin: 'sample “Introduction”' }),
  m('cut', 1850, { id: 'u3', speechEndAt: 1800, clipMs: 1000 }),
  m('transcribed', 1990, { input: 2, id: 'u3', audioBytes: 20_000, asrMs: 300, asrTailMs: 100, redactMs: 3 }),
  m('translate-start', 1991, { id: 'u3' }),
  m('translated', 2050, { id: 'u3', runMs: 45, bytesSent: 120 }),
  m('shown', 2052, { id: 'u3' }),
  m('transcribed', 2900, { input: 1, id: 'u2', audioBytes: 160_000, asrMs: 4000, asrTailMs: 200, redactMs: 4 }),
  m('translate-start', 3000, { id: 'u2' }),
  m('translated', 3100, { id: 'u2', runMs: 95, bytesSent: 140 }),
  m('shown', 3102, { id: 'u2' }),
  m('cut', 4000, { id: 'u4', speechEndAt: 3300, clipMs: 2000 }),
  m('transcribed', 4200, { input: 1, id: 'u4', audioBytes: 60_000, asrMs: 2000, asrTailMs: 190, redactMs: 2 }),
  m('translate-start', 4201, { id: 'u4' }),
];

describe('utteranceTimelines', () => {
  const t = utteranceTimelines(MARKS);
  it('links every mark by utterance id, in cut order, and skips an utterance never shown', () => {
    expect(t.map((x) => [x.id, x.input])).toEqual([
      ['u1', 1],
      ['u3', 2],
      ['u2', 1],
    ]);
  });
  it('splits cut → shown into contiguous parts that add up', () => {
    const u1 = t[0]!;
    expect(u1.total).toBe(303);
    expect(u1.fromSpeechEnd).toBe(1103);
    expect(u1).toMatchObject({ catchUp: 45, asr: 150, redact: 5, hold: 1, fn: 99, render: 3, decodeMs: 2400, clipMs: 3000, audioBytes: 90_000, bytesSent: 150 });
    for (const x of t) expect(x.catchUp + x.asr + x.redact + x.hold + x.fn + x.render).toBeCloseTo(x.total, 9);
  });
  it('charges a decode behind the audio to catch-up, and an earlier translation to hold', () => {
    const u2 = t[2]!;
    expect(u2.catchUp).toBe(2900 - 2000 - 200 - 4);
    expect(u2.hold).toBe(100);
    expect(u2.total).toBe(1102);
  });
});
