import { describe, expect, it } from 'vitest';
import { createPocketSphinxDecoder } from '../pocketsphinx/decoder.js';
import type { PocketSphinxModule } from '../pocketsphinx/emscripten-module.js';

/**
 * The decoder's partial-hypothesis throttle, over a stand-in for the wasm module: the stand-in
 * "recognises" one more word per half second of audio and counts how often its best path is
 * asked for. The real module is exercised in e2e/specs/asr.spec.ts (same throttle, real search).
 */
function fakeModule() {
  const strings = new Map<number, string>();
  let nextPtr = 1 << 16;
  let samples = 0;
  let hypCalls = 0;
  const text = () => ['hello', 'my', 'name', 'is', 'david'].slice(0, Math.floor(samples / 8000)).join(' ');
  const put = (s: string): number => {
    const ptr = (nextPtr += 256);
    strings.set(ptr, s);
    return ptr;
  };
  const mod: PocketSphinxModule = {
    HEAP16: new Int16Array(1 << 20),
    HEAP32: new Int32Array(1 << 18),
    FS: { mkdirTree: () => undefined, writeFile: () => undefined },
    UTF8ToString: (ptr) => strings.get(ptr) ?? '',
    stringToUTF8: () => undefined,
    lengthBytesUTF8: (s) => s.length,
    _malloc: () => (nextPtr += 1 << 14),
    _free: () => undefined,
    _tandem_ps_set_logging: () => undefined,
    _tandem_ps_init: () => 1,
    _tandem_ps_frame_rate: () => 100,
    _tandem_ps_start: () => {
      samples = 0;
      return 0;
    },
    _tandem_ps_process: (_decoder, _ptr, count) => {
      samples += count;
      return count;
    },
    _tandem_ps_in_speech: () => 0,
    _tandem_ps_end: () => 0,
    _tandem_ps_hyp: () => {
      hypCalls++;
      return put(text());
    },
    _tandem_ps_segments: () => put(''),
    _tandem_ps_free: () => undefined,
  };
  return { mod, hypCalls: () => hypCalls };
}

const BUNDLE = new Map([
  ['en-us/mdef', new Uint8Array(1)],
  ['en-us.lm.bin', new Uint8Array(1)],
  ['cmudict-en-us.dict', new Uint8Array(1)],
]);

/** Feeds `seconds` of silence in `chunk`-sample pieces; returns the partials it got back. */
function feed(decoder: ReturnType<typeof createPocketSphinxDecoder>, seconds: number, chunk: number) {
  const partials = [];
  for (let fed = 0; fed < seconds * 16_000; fed += chunk) {
    const p = decoder.process(new Int16Array(chunk));
    if (p) partials.push(p);
  }
  return partials;
}

describe('PocketSphinx decoder partial hypotheses', () => {
  it('asks for the best path at most once per interval of audio, however small the chunks', () => {
    const fake = fakeModule();
    const decoder = createPocketSphinxDecoder(fake.mod, BUNDLE, { partialIntervalSeconds: 0.25 });
    decoder.start();
    // 3 s of audio in microphone-sized chunks (640 samples = 40 ms): 75 chunks, 12 hypotheses.
    const partials = feed(decoder, 3, 640);
    expect(fake.hypCalls()).toBe(12);
    // Only changes are reported, each with the audio it was formed on.
    expect(partials.map((p) => p.text)).toEqual(['hello', 'hello my', 'hello my name', 'hello my name is', 'hello my name is david']);
    expect(partials[0]!.audioSeconds).toBeCloseTo(0.52, 2);
    const result = decoder.end();
    expect(result.hypotheses).toBe(12);
    expect(result.audioSeconds).toBeCloseTo(3, 2);
    // end() takes the final hypothesis on its own, outside the partial budget.
    expect(fake.hypCalls()).toBe(13);
  });

  it('with interval 0, asks after every chunk (the behaviour before the throttle)', () => {
    const fake = fakeModule();
    const decoder = createPocketSphinxDecoder(fake.mod, BUNDLE, { partialIntervalSeconds: 0 });
    decoder.start();
    feed(decoder, 1, 640);
    expect(decoder.end().hypotheses).toBe(25);
  });

  it('starts the budget afresh with each utterance and defaults to 0.25 s', () => {
    const fake = fakeModule();
    const decoder = createPocketSphinxDecoder(fake.mod, BUNDLE);
    for (let k = 0; k < 2; k++) {
      decoder.start();
      expect(feed(decoder, 1, 4000).map((p) => p.text)).toEqual(['hello', 'hello my']);
      expect(decoder.end().hypotheses).toBe(4);
    }
  });

  it('refuses an interval that is not a number of seconds', () => {
    expect(() => createPocketSphinxDecoder(fakeModule().mod, BUNDLE, { partialIntervalSeconds: -1 })).toThrow(/partialIntervalSeconds/);
    expect(() => createPocketSphinxDecoder(fakeModule().mod, BUNDLE, { partialIntervalSeconds: Number.NaN })).toThrow(/partialIntervalSeconds/);
  });
});
