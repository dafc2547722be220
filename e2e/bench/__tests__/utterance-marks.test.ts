import { describe, expect, it } from 'vitest';
import { utteranceTimelines, type LatencyMark } from '../utterance-marks.ts';

const m = (name: string, startTime: number, detail: Record<string, string | number>): LatencyMark => ({ name: `tandem:${name}`, startTime, detail });

/** Two microphone cuts; a sample input between them (no cut); the second cut holds two utterances. */
const MARKS: LatencyMark[] = [
  m('cut', 1000, { cut: 1, speechEndAt: 200, clipMs: 3000 }),
  m('input', 1001, { input: 1, origin: 'microphone' }),
  m('vad', 1050, { input: 1, spans: 1, runMs: 40 }),
  m('transcribed', 1600, { input: 1, id: 'u1', audioBytes: 90_000, asrMs: 500, redactMs: 5 }),
  m('translate-start', 1601, { id: 'u1' }),
  m('translated', 1700, { id: 'u1', runMs: 98, bytesSent: 150 }),
  m('shown', 1703, { id: 'u1' }),
  m('shown', 1900, { id: 'u1' }), // re-rendered later: the first one counts
  m('input', 1800, { input: 2, origin: 'sample “Introduction”' }),
  m('vad', 1850, { input: 2, spans: 1, runMs: 30 }),
  m('transcribed', 2100, { input: 2, id: 'u2', audioBytes: 60_000, asrMs: 200, redactMs: 3 }),
  m('translate-start', 2101, { id: 'u2' }),
  m('translated', 2150, { id: 'u2', runMs: 45, bytesSent: 120 }),
  m('shown', 2152, { id: 'u2' }),
  m('cut', 2000, { cut: 2, speechEndAt: 1200, clipMs: 5000 }),
  m('input', 2001, { input: 3, origin: 'microphone' }),
  m('vad', 2400, { input: 3, spans: 2, runMs: 60 }),
  m('transcribed', 2800, { input: 3, id: 'u3', audioBytes: 50_000, asrMs: 380, redactMs: 4 }),
  m('transcribed', 3200, { input: 3, id: 'u4', audioBytes: 40_000, asrMs: 390, redactMs: 2 }),
  m('translate-start', 3201, { id: 'u3' }),
  m('translated', 3300, { id: 'u3', runMs: 95, bytesSent: 140 }),
  m('shown', 3302, { id: 'u3' }),
  m('translate-start', 3303, { id: 'u4' }),
  // u4's translation never came back: no timeline.
];

describe('utteranceTimelines', () => {
  const t = utteranceTimelines(MARKS);
  it('links the k-th microphone input to the k-th cut and skips inputs without one', () => {
    expect(t.map((x) => [x.id, x.input])).toEqual([
      ['u1', 1],
      ['u3', 3],
    ]);
  });
  it('splits cut → shown into contiguous parts that add up', () => {
    const u1 = t[0]!;
    expect(u1.total).toBe(703);
    expect(u1.fromSpeechEnd).toBe(1503);
    expect(u1).toMatchObject({ wait: 10, vad: 40, asr: 500, redact: 5, pipeline: 45, hold: 1, fn: 99, render: 3, clipMs: 3000, audioBytes: 90_000, bytesSent: 150 });
    for (const x of t) expect(x.wait + x.vad + x.asr + x.redact + x.pipeline + x.hold + x.fn + x.render).toBeCloseTo(x.total, 9);
  });
  it('charges the queue behind the previous input to wait, and a sibling utterance to hold', () => {
    const u3 = t[1]!;
    expect(u3.wait).toBe(2400 - 60 - 2000);
    expect(u3.hold).toBe(3201 - 2800);
    expect(u3.total).toBe(1302);
  });
});
