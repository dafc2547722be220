// Experiment, not a test: what the cut waits for in the live path (issue #15) is PocketSphinx's
// end of utterance, whose second passes (fwdflat over the whole utterance, then the best path
// through its lattice) run only then. What does each cost in time at the end, and in WER? The
// same wasm and model in Node, each clip fed in 0.1 s pieces as the live transcriber does, end()
// timed. Run from the repo root after `npm run setup`:
//
//   pnpm --filter @tandem/translate-function exec esbuild ../../e2e/bench/experiments/asr-final-pass.ts \
//     --bundle --platform=node --format=esm --conditions=@tandem/source --outfile=/tmp/asr-final-pass.mjs \
//     && node /tmp/asr-final-pass.mjs
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createPocketSphinxDecoder, type PocketSphinxDecoder } from '../../../packages/speech/src/pocketsphinx/decoder.ts';
import type { PocketSphinxFactory } from '../../../packages/speech/src/pocketsphinx/emscripten-module.ts';
import { corpusWordErrorRate } from '../../../packages/speech/src/word-error-rate.ts';

const RATE = 16000;
function wav(path: string): Float32Array {
  const b = readFileSync(path);
  let off = 12;
  while (off < b.length) {
    const id = b.toString('ascii', off, off + 4);
    const size = b.readUInt32LE(off + 4);
    if (id === 'data') {
      const n = size / 2;
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = b.readInt16LE(off + 8 + 2 * i) / 32768;
      return out;
    }
    off += 8 + size + (size % 2);
  }
  throw new Error('no data');
}
function feed(dec: PocketSphinxDecoder, audio: Float32Array, chunkS: number) {
  const n = Math.round(chunkS * RATE);
  for (let i = 0; i < audio.length; i += n) dec.process(audio.subarray(i, i + n));
}

const root = process.cwd();
const buildDir = `${root}/packages/speech/build/pocketsphinx`;
const glue = `${buildDir}/pocketsphinx.js`;
// The emscripten glue (web, worker and node) reads these CommonJS globals when it runs in Node.
Object.assign(globalThis, { __dirname: buildDir, require: createRequire(glue) });
const factory = ((await import(/* @vite-ignore */ glue)) as { default: PocketSphinxFactory }).default;
const files = new Map<string, Uint8Array>();
const M = '/usr/share/pocketsphinx/model/en-us';
for (const f of readdirSync(`${M}/en-us`)) if (f !== 'README') files.set(`en-us/${f}`, readFileSync(`${M}/en-us/${f}`));
files.set('en-us.lm.bin', readFileSync(`${M}/en-us.lm.bin`));
files.set('cmudict-en-us.dict', readFileSync(`${M}/cmudict-en-us.dict`));
async function newDecoder(args: Record<string, string>) {
  const quiet = (): void => undefined;
  const mod = await factory({ wasmBinary: readFileSync(glue.replace('.js', '.wasm')), locateFile: (p: string) => p, print: quiet, printErr: quiet });
  return createPocketSphinxDecoder(mod, files, { partialIntervalSeconds: 0.25, args });
}

const fx = JSON.parse(readFileSync(`${root}/e2e/public/fixtures/speech/index.json`, 'utf8'));
const clips: { ref: string; audio: Float32Array }[] = (fx.sentences as { text: string; wav: string }[]).map((s) => ({ ref: s.text, audio: wav(`${root}/e2e/public/fixtures/speech/${s.wav}`) }));
const lib = '/usr/share/pocketsphinx/test/data/librivox';
const libRefs = readFileSync(`${lib}/transcription`, 'utf8').trim().split('\n').map((l) => l.replace(/<\/?s>/g, '').replace(/\(.*\)/, '').trim().toLowerCase());
const libIds = readFileSync(`${lib}/fileids`, 'utf8').trim().split('\n');
const human = libIds.map((id, i) => ({ ref: libRefs[i]!, audio: wav(`${lib}/${id.split('/').pop()}.wav`) }));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const variants: Record<string, Record<string, string>> = {
  'default (fwdtree + fwdflat + bestpath)': {},
  'no fwdflat': { '-fwdflat': 'no' },
  'no bestpath': { '-bestpath': 'no' },
  'no fwdflat, no bestpath': { '-fwdflat': 'no', '-bestpath': 'no' },
};
for (const [setName, set] of Object.entries({ flite: clips, human })) {
  for (const [name, args] of Object.entries(variants)) {
    const dec = await newDecoder(args);
    dec.start();
    feed(dec, set[0]!.audio, 0.1);
    dec.end(); // the same warm-up (cepstral mean, JIT) for every variant
    const ends: number[] = [];
    const perSecond: number[] = [];
    const hyps = set.map((c) => {
      dec.start();
      feed(dec, c.audio, 0.1);
      const t = performance.now();
      const text = dec.end().text;
      const ms = performance.now() - t;
      ends.push(ms);
      perSecond.push(ms / (c.audio.length / RATE));
      return text;
    });
    const wer = corpusWordErrorRate(set.map((c, i) => ({ reference: c.ref, hypothesis: hyps[i]! })));
    console.log(`${setName.padEnd(6)} ${name.padEnd(40)} WER ${(100 * wer.wer).toFixed(1).padStart(5)}%   end() median ${median(ends).toFixed(0).padStart(4)} ms, ${median(perSecond).toFixed(0)} ms per s of audio`);
  }
}
