import { describe, expect, it } from 'vitest';
import { Endpointer, type EndpointerOptions, type Utterance } from '../endpointer.js';
import { segmentSpeech } from '../speech-segmenter.js';

const FRAME = 512;
const FRAME_MS = 32;

/** Frame i holds the value i + 1 in every sample, so a cut's audio says which frames it kept. */
function frame(i: number): Float32Array {
  return new Float32Array(FRAME).fill(i + 1);
}

function framesOf(u: Utterance): number[] {
  const out: number[] = [];
  for (let at = 0; at < u.audio.length; at += FRAME) out.push(u.audio[at]! - 1);
  return out;
}

/** Runs a probability per frame through a fresh endpointer, then flushes. */
function run(probabilities: readonly number[], options: Partial<EndpointerOptions> = {}): Utterance[] {
  const e = new Endpointer(options);
  const out: Utterance[] = [];
  probabilities.forEach((p, i) => {
    const u = e.frame(frame(i), p);
    if (u) out.push(u);
  });
  const last = e.flush();
  if (last) out.push(last);
  return out;
}

const seq = (...parts: [number, number][]): number[] => parts.flatMap(([p, n]) => Array<number>(n).fill(p));

// Frame-aligned settings: 96 ms pre-roll (3 frames), 64 ms post-roll (2), 320 ms silence (10), 256 ms min speech (8).
const O = { preRollMs: 96, postRollMs: 64, endSilenceMs: 320, minSpeechMs: 256, maxUtteranceMs: 60_000 };

describe('Endpointer', () => {
  it('cuts one utterance with its pre-roll and post-roll once the silence lasted endSilenceMs', () => {
    const e = new Endpointer(O);
    const p = seq([0.05, 20], [0.9, 15], [0.05, 30]);
    const cuts: [number, Utterance][] = [];
    p.forEach((x, i) => {
      const u = e.frame(frame(i), x);
      if (u) cuts.push([i, u]);
    });
    expect(cuts).toHaveLength(1);
    const [at, u] = cuts[0]!;
    // Speech frames 20–34, silence from 35; the 10th quiet frame (44) ends it.
    expect(at).toBe(44);
    expect(framesOf(u)).toEqual([17, 18, 19, ...Array.from({ length: 15 }, (_, i) => 20 + i), 35, 36]);
    expect(u).toMatchObject({
      startSample: 17 * FRAME,
      endSample: 37 * FRAME,
      startMs: 17 * FRAME_MS,
      endMs: 37 * FRAME_MS,
      speechStartMs: 20 * FRAME_MS,
      speechEndMs: 35 * FRAME_MS,
      onsetSample: 3 * FRAME,
      endedBy: 'silence',
    });
    expect(e.speaking).toBe(false);
  });

  it('does not cut at a pause shorter than endSilenceMs, nor while frames sit between the two thresholds', () => {
    // A 9-frame pause (288 ms < 320 ms), then speech again.
    expect(run(seq([0, 5], [0.9, 10], [0.1, 9], [0.9, 10], [0, 12]), O).map((u) => [u.speechStartMs / FRAME_MS, u.speechEndMs / FRAME_MS])).toEqual([[5, 34]]);
    // 0.4 is under threshold 0.5 but over negThreshold 0.35: not silence, so no cut until it drops.
    const hovering = run(seq([0, 5], [0.9, 10], [0.4, 30], [0, 12]), O);
    expect(hovering.map((u) => [u.speechStartMs / FRAME_MS, u.speechEndMs / FRAME_MS])).toEqual([[5, 45]]);
  });

  it('drops speech shorter than minSpeechMs (a cough) and keeps the pre-roll right for what follows', () => {
    const u = run(seq([0, 10], [0.9, 3], [0, 12], [0.9, 10], [0, 12]), O);
    expect(u).toHaveLength(1);
    expect(u[0]!.speechStartMs / FRAME_MS).toBe(25);
    expect(framesOf(u[0]!).slice(0, 4)).toEqual([22, 23, 24, 25]);
  });

  it('forces a cut at maxUtteranceMs and goes on without re-sending audio as pre-roll', () => {
    const u = run(seq([0, 4], [0.9, 50], [0, 12]), { ...O, maxUtteranceMs: 20 * FRAME_MS });
    expect(u.map((x) => [x.endedBy, framesOf(x)[0], framesOf(x).at(-1)])).toEqual([
      ['max-length', 1, 23],
      ['max-length', 24, 43],
      ['silence', 44, 55],
    ]);
    // Contiguous, no overlap: every frame from the first pre-roll to the post-roll appears once.
    expect(u.flatMap(framesOf)).toEqual(Array.from({ length: 55 }, (_, i) => i + 1));
  });

  it('flush ends the stream: an open utterance is cut at its silence if one began, else at the end', () => {
    const open = run(seq([0, 3], [0.9, 12]), O);
    expect(open.map((u) => [u.endedBy, u.speechStartMs / FRAME_MS, u.speechEndMs / FRAME_MS])).toEqual([['end-of-stream', 3, 15]]);
    const trailing = run(seq([0, 3], [0.9, 12], [0, 4]), O);
    expect(trailing.map((u) => [u.endedBy, u.speechEndMs / FRAME_MS, u.endMs / FRAME_MS])).toEqual([['end-of-stream', 15, 17]]);
    expect(run(seq([0, 30]), O)).toEqual([]);
  });

  it('finds the same speech as segmentSpeech (Silero\'s get_speech_timestamps) on random sequences', () => {
    let seed = 7;
    const random = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    let utterances = 0;
    for (let trial = 0; trial < 200; trial++) {
      const p: number[] = [];
      while (p.length < 400) {
        const speech = random() < 0.5;
        const n = 1 + Math.floor(random() * 25);
        for (let k = 0; k < n; k++) p.push(speech ? 0.4 + 0.6 * random() : 0.45 * random());
      }
      p.push(...seq([0, 12]));
      const cut = run(p, O).map((u) => [u.speechStartMs, u.speechEndMs]);
      const batch = segmentSpeech(p, p.length * FRAME, { threshold: 0.5, minSilenceMs: O.endSilenceMs, minSpeechMs: O.minSpeechMs, speechPadMs: 0 });
      expect(cut, `trial ${trial}`).toEqual(batch.map((s) => [s.startMs, s.endMs]));
      utterances += cut.length;
    }
    // The sequences are not trivially empty: several utterances per 13 s sequence.
    expect(utterances).toBeGreaterThan(400);
  });

  it('confirms an utterance once its speech lasted minSpeechMs, never a cough, and exactly once before each cut', () => {
    const e = new Endpointer(O);
    const seen: (string | undefined)[] = [];
    seq([0.05, 20], [0.9, 4], [0.05, 12], [0.9, 15], [0.05, 12]).forEach((x, i) => {
      const cut = e.frame(frame(i), x);
      const c = e.confirmed;
      seen.push(cut ? `cut ${cut.startSample / FRAME}` : c ? `confirmed ${c.startSample / FRAME}/${c.onsetSample / FRAME}` : undefined);
    });
    // The 4-frame cough (frames 20–23) is never confirmed. The utterance from frame 36 is, on its
    // 8th speech frame (43), with its 3-frame pre-roll from 33; its cut (frame 60) starts there too.
    expect(seen.slice(20, 36).every((x) => x === undefined)).toBe(true);
    expect(seen[42]).toBeUndefined();
    expect(seen[43]).toBe('confirmed 33/36');
    expect(seen.filter((x) => x?.startsWith('cut'))).toEqual(['cut 33']);
    expect(e.confirmed).toBeUndefined();

    let seed = 11;
    const random = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 100; trial++) {
      const r = new Endpointer(O);
      let confirmedAt = -1;
      let opens = 0;
      let cuts = 0;
      for (let i = 0; i < 400; i++) {
        const speech = random() < 0.5;
        const cut = r.frame(frame(i), speech ? 0.4 + 0.6 * random() : 0.45 * random());
        if (cut) {
          cuts++;
          expect(confirmedAt, `trial ${trial}: cut at ${i} was confirmed`).toBeGreaterThanOrEqual(0);
          expect(cut.startSample).toBe(confirmedAt);
          confirmedAt = -1;
        }
        const c = r.confirmed;
        if (c && confirmedAt < 0) {
          confirmedAt = c.startSample;
          opens++;
        }
      }
      if (r.flush()) cuts++;
      expect(opens, `trial ${trial}`).toBe(cuts);
    }
  });
});
