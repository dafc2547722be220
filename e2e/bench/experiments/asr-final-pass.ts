// Experiment, not a test: what the cut waits for in the live path (issue #15) is PocketSphinx's
// end of utterance, whose second passes (fwdflat over the whole utterance, then the best path
// through its lattice) run only then. What does each cost in time at the end, and in WER? The
// same wasm and model in Node, each clip fed in 0.1 s pieces as the live transcriber does, end()
// timed. Run from the repo root after `npm run setup`:
//
//   pnpm --filter @tandem/translate-function exec esbuild ../../e2e/bench/experiments/asr-final-pass.ts \
//     --bundle --platform=node --format=esm --conditions=@tandem/source --outfile=/tmp/asr-final-pass.mjs \
//     && node /tmp/asr-final-pass.mjs
import { corpusWordErrorRate } from '../../../packages/speech/src/word-error-rate.ts';
import { RATE, feedAll as feed, fixtureClips, librivoxClips, openNodeDecoder as newDecoder } from '../node-pocketsphinx.ts';

const clips = fixtureClips();
const human = librivoxClips();

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
