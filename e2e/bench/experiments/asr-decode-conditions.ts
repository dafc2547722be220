// Experiment, not a test: why were words taken from the live preview's decode worse than a decode
// of the cut clip (BENCHMARKS.md, issue #15 step 3)? The same wasm and model in Node; the
// conditions differ only in how the audio reaches the decoder. Run from the repo root after
// `npm run setup` (prints WER per condition; SHOW=1 lists the errors, SET=human uses
// pocketsphinx-testdata's LibriVox clips, ONLY=ACE picks conditions by letter):
//
//   pnpm --filter @tandem/translate-function exec esbuild ../../e2e/bench/experiments/asr-decode-conditions.ts \
//     --bundle --platform=node --format=esm --conditions=@tandem/source --outfile=/tmp/asr-decode-conditions.mjs \
//     && node /tmp/asr-decode-conditions.mjs
import type { PocketSphinxDecoder } from '../../../packages/speech/src/pocketsphinx/decoder.ts';
import { corpusWordErrorRate } from '../../../packages/speech/src/word-error-rate.ts';
import { RATE, fixtureClips, librivoxClips, openNodeDecoder } from '../node-pocketsphinx.ts';

let seed = 1;
const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff) * 2 - 1;
function noise(seconds: number, level = 0.002): Float32Array {
  const x = new Float32Array(Math.round(seconds * RATE));
  for (let i = 0; i < x.length; i++) x[i] = rnd() * level;
  return x;
}
function cat(...xs: Float32Array[]): Float32Array {
  const out = new Float32Array(xs.reduce((a, x) => a + x.length, 0));
  let at = 0;
  for (const x of xs) { out.set(x, at); at += x.length; }
  return out;
}
function feed(dec: PocketSphinxDecoder, audio: Float32Array, chunkS: number) {
  const n = Math.round(chunkS * RATE);
  for (let i = 0; i < audio.length; i += n) dec.process(audio.subarray(i, i + n));
}
function decode(dec: PocketSphinxDecoder, audio: Float32Array, chunkS: number): string {
  dec.start(); feed(dec, audio, chunkS); return dec.end().text;
}

const newDecoder = () => openNodeDecoder();
const clips = fixtureClips();
const human = librivoxClips();

const sets: Record<string, typeof clips> = process.env.SET === 'human' ? { human } : { flite: clips };
const conditions: Record<string, (c: Float32Array, dec: PocketSphinxDecoder) => string> = {
  'A file: clip, 0.25 s feeds': (c, d) => decode(d, c, 0.25),
  'B clip, 20 ms feeds': (c, d) => decode(d, c, 0.02),
  'C 0.2 s pre-roll + clip + 0.7 s tail (noise floor), 20 ms': (c, d) => decode(d, cat(noise(0.2), c, noise(0.7)), 0.02),
  'D 1 s idle + clip + 0.7 s tail, 20 ms': (c, d) => decode(d, cat(noise(1), c, noise(0.7)), 0.02),
  'E 4 s idle + clip + 0.7 s tail, 20 ms': (c, d) => decode(d, cat(noise(4), c, noise(0.7)), 0.02),
  'F clip after a 3 s noise-only utterance on the same decoder': (c, d) => { decode(d, noise(3), 0.02); return decode(d, c, 0.25); },
  'G clip with its first 0.15 s cut (late onset)': (c, d) => decode(d, c.subarray(Math.round(0.15 * RATE)), 0.25),
  'H clip with 300 ms of 20 ms chunks dropped mid-way': (c, d) => { const m = Math.floor(c.length / 2); return decode(d, cat(c.subarray(0, m), c.subarray(m + 0.3 * RATE)), 0.02); },
};
for (const [setName, set] of Object.entries(sets)) {
  for (const [name, run] of Object.entries(conditions).filter(([n]) => (process.env.ONLY ?? 'ABCDEFGH').includes(n[0]!))) {
    const dec = await newDecoder();
    // Warm the CMN prior the same way for every condition: one clip first.
    decode(dec, set[0]!.audio, 0.25);
    const hyps = set.map((c) => run(c.audio, dec));
    const wer = corpusWordErrorRate(set.map((c, i) => ({ reference: c.ref, hypothesis: hyps[i]! })));
    console.log(`${setName.padEnd(6)} ${name.padEnd(64)} WER ${(100 * wer.wer).toFixed(1)}%`);
    if (process.env.SHOW) set.forEach((c, i) => c.ref !== hyps[i] && console.log(`    ${c.ref} → ${hyps[i]}`));
  }
}
