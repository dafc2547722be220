import type { AsrEngine, AsrListener, AsrResult } from '@tandem/speech';
import { describe, expect, it } from 'vitest';
import { createAsrTurns, offsetOf, wordsWithin } from '../asr-turns.ts';

/**
 * A single-stream engine like PocketSphinx (start while open is an error), answering out of
 * step (each call resolves after a tick) and emitting a partial per chunk: the text is the
 * number of samples fed in the current utterance. The real decoder runs in the e2e spec.
 */
function singleStreamEngine() {
  const calls: string[] = [];
  const listeners = new Set<AsrListener>();
  let open = false;
  let samples = 0;
  const tick = () => new Promise((r) => setTimeout(r, 1));
  const engine: AsrEngine = {
    info: { engine: 'fake', backend: 'js', modelId: 'fake', modelVersion: '0', sampleRate: 16_000, loadMs: 0 },
    async start() {
      await tick();
      if (open) throw new Error('start() while an utterance is open');
      open = true;
      samples = 0;
      calls.push('start');
    },
    async feed(pcm) {
      await tick();
      if (!open) throw new Error('feed() before start()');
      samples += pcm.length;
      calls.push(`feed ${pcm.length}`);
      for (const l of listeners) l({ type: 'partial', partial: { text: String(samples), audioSeconds: samples / 16_000 } });
    },
    async end(): Promise<AsrResult> {
      await tick();
      if (!open) throw new Error('end() before start()');
      open = false;
      calls.push('end');
      return { text: `final ${samples}`, words: [], audioSeconds: samples / 16_000, processingMs: 0 };
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose: async () => undefined,
  };
  return { engine, calls };
}

describe('createAsrTurns: the live preview and the transcribe stage share one decoder', () => {
  it('streams live partials, then closes the preview when a cut clip comes and reopens after it', async () => {
    const { engine, calls } = singleStreamEngine();
    const { live, transcribe } = createAsrTurns(engine);
    const livePartials: string[] = [];
    const stagePartials: string[] = [];
    live.onPartial = (text) => livePartials.push(text);

    const chunk = new Float32Array(640);
    live.feed(chunk);
    live.feed(chunk);
    // The utterance is cut while the microphone keeps going.
    const result = transcribe.run(new Float32Array(8000), { onPartial: (p) => stagePartials.push(p) });
    live.feed(chunk);
    live.reset();
    expect((await result).output).toBe('final 8000');
    await new Promise((r) => setTimeout(r, 30));

    expect(calls).toEqual(['start', 'feed 640', 'feed 640', 'end', 'start', 'feed 4000', 'feed 4000', 'end', 'start', 'feed 640', 'end']);
    // Each side sees only its own utterance's partials.
    expect(livePartials).toEqual(['640', '1280', '640']);
    expect(stagePartials).toEqual(['4000', '8000']);
    // The caller's chunk stays usable: the engine got a copy.
    expect(chunk.length).toBe(640);
  });

  it('drops preview audio beyond 2 s waiting for a decoder that is behind, never the stage\'s clip', async () => {
    const { engine, calls } = singleStreamEngine();
    const { live, transcribe } = createAsrTurns(engine);
    // 4 s of capture arrives while the decoder has not answered once: half of it waits, half is dropped.
    for (let k = 0; k < 100; k++) live.feed(new Float32Array(640));
    expect(live.droppedSamples).toBe(50 * 640);
    const result = await transcribe.run(new Float32Array(48_000));
    expect(result.output).toBe('final 48000');
    expect(calls.filter((c) => c === 'feed 640')).toHaveLength(50);
    // Once the backlog is decoded, the preview takes audio again.
    live.feed(new Float32Array(640));
    live.reset();
    await new Promise((r) => setTimeout(r, 20));
    expect(live.droppedSamples).toBe(50 * 640);
    expect(calls.slice(-3)).toEqual(['start', 'feed 640', 'end']);
  });

  it('runs clips back to back with no preview open, and a reset with nothing open is a no-op', async () => {
    const { engine, calls } = singleStreamEngine();
    const { live, transcribe } = createAsrTurns(engine);
    live.reset();
    const [a, b] = await Promise.all([transcribe.run(new Float32Array(100)), transcribe.run(new Float32Array(200))]);
    expect([a.output, b.output]).toEqual(['final 100', 'final 200']);
    expect(calls).toEqual(['start', 'feed 100', 'end', 'start', 'feed 200', 'end']);
  });
});

/**
 * An engine whose final result has word timings: "one" at 0.2–0.6 s, "two" at 1.2–1.6 s of
 * whatever it heard (the words do not depend on the audio; where they fall is what matters).
 */
function timedEngine() {
  const base = singleStreamEngine();
  const end = base.engine.end.bind(base.engine);
  base.engine.end = async () => {
    const r = await end();
    return { ...r, text: 'one two', words: [{ word: 'one', start: 0.2, end: 0.6 }, { word: 'two', start: 1.2, end: 1.6 }] };
  };
  return base;
}

/** Distinct samples, so a clip has exactly one place in the live audio. */
function speechLike(samples: number, seed: number): Float32Array {
  const out = new Float32Array(samples);
  for (let i = 0; i < samples; i++) out[i] = Math.sin((i + seed) * 0.37) * 0.5 + ((i * 7919 + seed) % 101) / 1000;
  return out;
}

describe('createAsrTurns: a cut clip the live preview heard in full is not decoded again', () => {
  it('answers from the live result, with the words whose middle falls inside the clip', async () => {
    const { engine, calls } = timedEngine();
    const { live, transcribe } = createAsrTurns(engine);
    const audio = speechLike(32_000, 1); // 2 s heard live, in 20 ms chunks
    for (let i = 0; i < audio.length; i += 320) live.feed(audio.subarray(i, i + 320));
    live.reset();
    const second = await transcribe.run(audio.slice(16_000)); // 1.0–2.0 s: "two"
    const first = await transcribe.run(audio.slice(0, 16_000)); // 0–1.0 s: "one"
    const whole = await transcribe.run(audio.slice());
    expect([first.output, second.output, whole.output]).toEqual(['one', 'two', 'one two']);
    expect(second.report.backend).toBe('js · live decode');
    await new Promise((r) => setTimeout(r, 20));
    // The decoder heard the audio once: no second start/feed/end for the clips.
    expect(calls.slice(0, 2)).toEqual(['start', 'feed 320']);
    expect(calls.at(-1)).toBe('end');
    expect(calls.filter((c) => c === 'start')).toHaveLength(1);
  });

  it('decodes the clip itself when the preview dropped audio, did not hear it, or it is tiny', async () => {
    const { engine, calls } = timedEngine();
    const { live, transcribe } = createAsrTurns(engine);
    // 1: the preview was behind and dropped chunks → its result is not the clip's.
    const behind = speechLike(80_000, 2);
    for (let i = 0; i < behind.length; i += 640) live.feed(behind.subarray(i, i + 640));
    expect(live.droppedSamples).toBeGreaterThan(0);
    live.reset();
    expect((await transcribe.run(behind.slice(0, 16_000))).report.backend).toBe('js');
    // 2: audio the preview never heard.
    const heard = speechLike(16_000, 3);
    live.feed(heard);
    live.reset();
    expect((await transcribe.run(speechLike(16_000, 4))).report.backend).toBe('js');
    // 3: a clip under 0.3 s of heard audio.
    expect((await transcribe.run(heard.slice(0, 3_000))).report.backend).toBe('js');
    // 4: and the heard clip itself is claimed.
    const claimed = await transcribe.run(heard.slice());
    expect(claimed.report.backend).toBe('js · live decode');
    expect(calls.filter((c) => c === 'start')).toHaveLength(5); // 2 live utterances + 3 clips decoded
  });

  it('finds a clip by its samples, and words by their middles', () => {
    const audio = speechLike(1000, 5);
    expect(offsetOf(audio, audio.slice(123, 456))).toBe(123);
    expect(offsetOf(audio, speechLike(10, 99))).toBe(-1);
    expect(offsetOf(audio.slice(0, 5), audio)).toBe(-1);
    const result = { text: 'a b', words: [{ word: 'a', start: 0, end: 1 }, { word: 'b', start: 0.9, end: 1.3 }], audioSeconds: 2, processingMs: 0 };
    expect(wordsWithin(result, 0, 1)).toBe('a');
    expect(wordsWithin(result, 1, 2)).toBe('b');
  });
});
