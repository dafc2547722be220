// Experiment, not a test: does cutting CMUdict to the language model's vocabulary (what
// scripts/lib/asr-dictionary.mjs does for the shipped ASR bundle, issue #18) change any
// transcript? Each clip of the flite fixtures and pocketsphinx-testdata's LibriVox clips is
// decoded by a fresh decoder with Debian's dictionary and by one with the cut dictionary; the
// transcripts are compared word for word, and the decoder's start-up time is reported. Run from
// the repo root after `npm run setup`:
//
//   pnpm --filter @tandem/translate-function exec esbuild ../../e2e/bench/experiments/asr-dictionary-pruning.ts \
//     --bundle --platform=node --format=esm --conditions=@tandem/source --outfile=/tmp/asr-dictionary-pruning.mjs \
//     && node /tmp/asr-dictionary-pruning.mjs
import { readFileSync } from 'node:fs';
import { corpusWordErrorRate } from '../../../packages/speech/src/word-error-rate.ts';
import { dictionaryForVocabulary, lmVocabulary } from '../../../scripts/lib/asr-dictionary.mjs';
import { decodeClip, fixtureClips, librivoxClips, openNodeDecoder } from '../node-pocketsphinx.ts';

const MODEL = '/usr/share/pocketsphinx/model/en-us';
const full = readFileSync(`${MODEL}/cmudict-en-us.dict`);
const cut = dictionaryForVocabulary(full.toString('latin1'), lmVocabulary(readFileSync(`${MODEL}/en-us.lm.bin`)));
const cutBytes = new Uint8Array(Buffer.from(cut.text, 'latin1'));
console.log(`dictionary: ${full.length} bytes, ${cut.kept + cut.dropped} entries → ${cutBytes.length} bytes, ${cut.kept} entries`);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
let differ = 0;
for (const [setName, clips] of Object.entries({ flite: fixtureClips(), librivox: librivoxClips() })) {
  const hyps: Record<string, string[]> = { full: [], cut: [] };
  const starts: Record<string, number[]> = { full: [], cut: [] };
  for (const clip of clips) {
    for (const [name, replace] of [['full', {}], ['cut', { 'cmudict-en-us.dict': cutBytes }]] as const) {
      const t = performance.now();
      const dec = await openNodeDecoder({}, replace);
      starts[name]!.push(performance.now() - t);
      hyps[name]!.push(decodeClip(dec, clip.audio));
    }
  }
  const refs = clips.map((c) => c.ref);
  clips.forEach((_, i) => {
    if (hyps.full![i] !== hyps.cut![i]) {
      differ++;
      console.log(`  ${setName} #${i}: full "${hyps.full![i]}" vs cut "${hyps.cut![i]}"`);
    }
  });
  for (const name of ['full', 'cut']) {
    console.log(`${setName} ${name}: WER ${(100 * corpusWordErrorRate(refs.map((reference, i) => ({ reference, hypothesis: hyps[name]![i]! }))).wer).toFixed(2)}%, decoder start median ${median(starts[name]!).toFixed(0)} ms`);
  }
}
console.log(differ === 0 ? 'every transcript identical' : `${differ} transcripts differ`);
