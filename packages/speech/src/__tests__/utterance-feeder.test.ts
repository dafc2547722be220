import { describe, expect, it } from 'vitest';
import type { AsrEngine, AsrListener, AsrResult } from '../asr-engine.js';
import { createUtteranceFeeder, type UtteranceResult } from '../utterance-feeder.js';

/** Records the calls it gets; its "text" is the number of samples fed in the utterance. */
function recordingEngine() {
  const calls: string[] = [];
  let samples = 0;
  const engine: AsrEngine = {
    info: { engine: 'recording', backend: 'js', modelId: 'none', modelVersion: '0', sampleRate: 16_000, loadMs: 0 },
    async start() {
      calls.push('start');
      samples = 0;
    },
    async feed(pcm) {
      await new Promise((r) => setTimeout(r, 1)); // out-of-order completion would show up here
      calls.push(`feed ${pcm.length}`);
      samples += pcm.length;
    },
    async end(): Promise<AsrResult> {
      calls.push('end');
      return { text: String(samples), words: [], audioSeconds: samples / 16_000, processingMs: 0 };
    },
    subscribe: (_: AsrListener) => () => undefined,
    dispose: async () => undefined,
  };
  return { engine, calls };
}

describe('createUtteranceFeeder', () => {
  it('turns VAD events into engine utterances in order and drops audio outside speech', async () => {
    const { engine, calls } = recordingEngine();
    const results: UtteranceResult[] = [];
    const feeder = createUtteranceFeeder(engine, (r) => results.push(r));
    feeder.push({ type: 'audio', pcm: new Float32Array(100) }); // silence before speech: dropped
    feeder.push({ type: 'speech-start', at: 1.5 });
    feeder.push({ type: 'audio', pcm: new Float32Array(10) });
    feeder.push({ type: 'audio', pcm: new Float32Array(20) });
    feeder.push({ type: 'speech-end', at: 2 });
    feeder.push({ type: 'audio', pcm: new Float32Array(100) }); // dropped
    feeder.push({ type: 'speech-start', at: 4 });
    feeder.push({ type: 'audio', pcm: new Int16Array(5) });
    await feeder.flush(); // closes the open utterance
    expect(calls).toEqual(['start', 'feed 10', 'feed 20', 'end', 'start', 'feed 5', 'end']);
    expect(results.map((r) => [r.index, r.offset, r.text])).toEqual([
      [0, 1.5, '30'],
      [1, 4, '5'],
    ]);
  });

  it('reports the first engine failure at flush and keeps going', async () => {
    const { engine } = recordingEngine();
    const failing: AsrEngine = { ...engine, feed: async () => Promise.reject(new Error('decoder gone')) };
    const results: UtteranceResult[] = [];
    const feeder = createUtteranceFeeder(failing, (r) => results.push(r));
    feeder.push({ type: 'speech-start', at: 0 });
    feeder.push({ type: 'audio', pcm: new Float32Array(4) });
    feeder.push({ type: 'speech-end', at: 1 });
    await expect(feeder.flush()).rejects.toThrow('decoder gone');
    expect(results).toHaveLength(1);
  });
});
