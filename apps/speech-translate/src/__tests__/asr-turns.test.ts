import type { AsrEngine, AsrListener, AsrResult } from '@tandem/speech';
import { describe, expect, it } from 'vitest';
import { createAsrTurns } from '../asr-turns.ts';

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
  it('streams live partials; a cut clip skips the preview chunks still queued, closes the preview and it reopens after', async () => {
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

    // The two preview chunks were still queued when the clip came: skipped, not decoded first.
    expect(calls).toEqual(['start', 'feed 4000', 'feed 4000', 'end', 'start', 'feed 640', 'end']);
    expect(live.droppedSamples).toBe(1280);
    // Each side sees only its own utterance's partials.
    expect(livePartials).toEqual(['640']);
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
    await expect.poll(() => calls.filter((c) => c === 'feed 640').length).toBe(50);
    // Once the backlog is decoded, the preview takes audio again.
    live.feed(new Float32Array(640));
    await expect.poll(() => calls.filter((c) => c === 'feed 640').length).toBe(51);
    expect(live.droppedSamples).toBe(50 * 640);
    const result = await transcribe.run(new Float32Array(48_000));
    expect(result.output).toBe('final 48000');
    // The open preview is closed, then the whole clip is decoded.
    const lastPreview = calls.lastIndexOf('feed 640');
    expect(calls.slice(lastPreview + 1, lastPreview + 3)).toEqual(['end', 'start']);
    expect(calls.filter((c) => c === 'feed 4000')).toHaveLength(12);
    expect(calls.at(-1)).toBe('end');
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
