/**
 * The app's PocketSphinx (the same WebAssembly build and en-us model) run in Node, for
 * benchmarks and experiments that need the file path's transcript next to the browser's: the
 * build from scripts/build-pocketsphinx-wasm.sh, the model from Debian's pocketsphinx-en-us.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { createPocketSphinxDecoder, type PocketSphinxDecoder } from '../../packages/speech/src/pocketsphinx/decoder.ts';
import type { PocketSphinxFactory } from '../../packages/speech/src/pocketsphinx/emscripten-module.ts';

export const RATE = 16_000;
// Bundled (the experiments run through esbuild into /tmp) the module's own directory is elsewhere:
// then the repo root is the working directory.
const root = [resolve(import.meta.dirname ?? '.', '../..'), process.cwd()].find((dir) => existsSync(join(dir, 'packages/speech/package.json'))) ?? process.cwd();
const MODEL = '/usr/share/pocketsphinx/model/en-us';

/** 16-bit PCM mono WAV → float samples (the data chunk, whatever comes before it). */
export function readWavSamples(path: string): Float32Array {
  const b = readFileSync(path);
  let off = 12;
  while (off < b.length) {
    const id = b.toString('ascii', off, off + 4);
    const size = b.readUInt32LE(off + 4);
    if (id === 'data') {
      const out = new Float32Array(size / 2);
      for (let i = 0; i < out.length; i++) out[i] = b.readInt16LE(off + 8 + 2 * i) / 32768;
      return out;
    }
    off += 8 + size + (size % 2);
  }
  throw new Error(`${path}: no data chunk`);
}

let model: Map<string, Uint8Array> | undefined;
function modelFiles(): Map<string, Uint8Array> {
  if (model) return model;
  model = new Map();
  for (const f of readdirSync(`${MODEL}/en-us`)) if (f !== 'README') model.set(`en-us/${f}`, readFileSync(`${MODEL}/en-us/${f}`));
  model.set('en-us.lm.bin', readFileSync(`${MODEL}/en-us.lm.bin`));
  model.set('cmudict-en-us.dict', readFileSync(`${MODEL}/cmudict-en-us.dict`));
  return model;
}

/**
 * A fresh decoder (its own module instance), with PocketSphinx options `args` if given, and the
 * model files in `replace` (by name, e.g. `cmudict-en-us.dict`) instead of Debian's.
 */
export async function openNodeDecoder(args: Record<string, string> = {}, replace: Record<string, Uint8Array> = {}): Promise<PocketSphinxDecoder> {
  const buildDir = `${root}/packages/speech/build/pocketsphinx`;
  const glue = `${buildDir}/pocketsphinx.js`;
  // The emscripten glue (web, worker and node) reads these CommonJS globals when it runs in Node.
  Object.assign(globalThis, { __dirname: buildDir, require: createRequire(glue) });
  const factory = ((await import(/* @vite-ignore */ glue)) as { default: PocketSphinxFactory }).default;
  const quiet = (): void => undefined;
  const mod = await factory({ wasmBinary: readFileSync(glue.replace('.js', '.wasm')), locateFile: (p: string) => p, print: quiet, printErr: quiet });
  return createPocketSphinxDecoder(mod, new Map([...modelFiles(), ...Object.entries(replace)]), { partialIntervalSeconds: 0.25, args });
}

/** Feeds `audio` in `chunkS` pieces. */
export function feedAll(dec: PocketSphinxDecoder, audio: Float32Array, chunkS: number): void {
  const n = Math.round(chunkS * RATE);
  for (let i = 0; i < audio.length; i += n) dec.process(audio.subarray(i, i + n));
}

/** One utterance decoded as a file would be: the clip whole, in 0.25 s pieces. */
export function decodeClip(dec: PocketSphinxDecoder, audio: Float32Array): string {
  dec.start();
  feedAll(dec, audio, 0.25);
  return dec.end().text;
}

/** A clip with its reference transcript. */
export interface ReferenceClip {
  ref: string;
  audio: Float32Array;
}

/** The 18 flite fixture sentences (scripts/make-speech-fixtures.mjs), each with its text. */
export function fixtureClips(): ReferenceClip[] {
  const dir = `${root}/e2e/public/fixtures/speech`;
  const fx = JSON.parse(readFileSync(`${dir}/index.json`, 'utf8')) as { sentences: { text: string; wav: string }[] };
  return fx.sentences.map((s) => ({ ref: s.text, audio: readWavSamples(`${dir}/${s.wav}`) }));
}

/** The human speech here: pocketsphinx-testdata's LibriVox clips with their transcriptions. */
export function librivoxClips(): ReferenceClip[] {
  const lib = '/usr/share/pocketsphinx/test/data/librivox';
  const refs = readFileSync(`${lib}/transcription`, 'utf8').trim().split('\n').map((l) => l.replace(/<\/?s>/g, '').replace(/\(.*\)/, '').trim().toLowerCase());
  const ids = readFileSync(`${lib}/fileids`, 'utf8').trim().split('\n');
  return ids.map((id, i) => ({ ref: refs[i]!, audio: readWavSamples(`${lib}/${id.split('/').pop()}.wav`) }));
}
