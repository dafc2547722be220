// Experiment, not a test (issue #18 step 4): what does a smaller en-us language model cost in
// accuracy? The LM is 27.1 MB of the 36 MB ASR model and barely compresses (brotli: 22.5 MB), so
// it decides the first visit's size. Built reproducibly from Debian's packages only:
//   sphinx_lm_convert (sphinxbase-utils)  en-us.lm.bin → ARPA, and the pruned ARPA → binary
//   prune-lm (irstlm)                     drops n-grams whose removal changes the model's
//                                         probability mass by less than the threshold, and
//                                         recomputes back-off weights
// (lm-trie-to-arpa.c writes the ARPA: Debian's sphinx_lm_convert aborts on this model)
// then decoded with Debian's native pocketsphinx_batch (the same decoder as the app's wasm,
// same acoustic model and dictionary) on the flite fixture sentences and pocketsphinx-testdata's
// LibriVox clips; WER with packages/speech's normalisation. Needs `apt-get install irstlm
// sphinxbase-utils` (not part of setup: only this study uses them). Run from the repo root:
//
//   pnpm --filter @tandem/translate-function exec esbuild ../../e2e/bench/experiments/lm-pruning.ts \
//     --bundle --platform=node --format=esm --conditions=@tandem/source --outfile=/tmp/lm-pruning.mjs \
//     && node /tmp/lm-pruning.mjs
//
// THRESHOLDS=1e-7,1e-6 picks the pruning thresholds; WORK=dir keeps the LMs (default /tmp/tandem-lm-study).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { corpusWordErrorRate } from '../../../packages/speech/src/word-error-rate.ts';

// Run from the repository root (the bundle lives in /tmp).
const root = process.cwd();
const MODEL = '/usr/share/pocketsphinx/model/en-us';
const LM = `${MODEL}/en-us.lm.bin`;
const PRUNE_LM = '/usr/lib/irstlm/bin/prune-lm';
const work = process.env.WORK ?? '/tmp/tandem-lm-study';
const thresholds = (process.env.THRESHOLDS ?? '1e-8,3e-8,1e-7,3e-7,1e-6').split(',');

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${(r.stderr || String(r.error)).slice(-1500)}`);
  return r.stdout;
}

for (const tool of ['/usr/bin/sphinx_lm_convert', PRUNE_LM, '/usr/bin/pocketsphinx_batch']) {
  if (!existsSync(tool)) {
    console.error(`${tool} missing: apt-get install irstlm sphinxbase-utils pocketsphinx`);
    process.exit(2);
  }
}
mkdirSync(work, { recursive: true });

interface Clip {
  id: string;
  dir: string;
  reference: string;
}

const fixtures = join(root, 'e2e/public/fixtures/speech');
const flite: Clip[] = (JSON.parse(readFileSync(join(fixtures, 'index.json'), 'utf8')).sentences as { wav: string; text: string }[]).map((s) => ({
  id: s.wav.replace(/\.wav$/, ''),
  dir: fixtures,
  reference: s.text,
}));
const lib = '/usr/share/pocketsphinx/test/data/librivox';
const libRefs = readFileSync(`${lib}/transcription`, 'utf8').trim().split('\n').map((l) => l.replace(/<\/?s>/g, '').replace(/\(.*\)/, '').trim().toLowerCase());
const human: Clip[] = readFileSync(`${lib}/fileids`, 'utf8')
  .trim()
  .split('\n')
  .map((id, i) => ({ id: id.split('/').pop()!, dir: lib, reference: libRefs[i]! }));

/** One pocketsphinx_batch run over a set (one model load): corpus WER in percent. */
function wer(lm: string, clips: Clip[], name: string): number {
  const ctl = join(work, `${name}.ctl`);
  const hyp = join(work, `${name}.hyp`);
  writeFileSync(ctl, `${clips.map((c) => c.id).join('\n')}\n`);
  run('/usr/bin/pocketsphinx_batch', [
    ...['-hmm', `${MODEL}/en-us`, '-lm', lm, '-dict', `${MODEL}/cmudict-en-us.dict`],
    ...['-ctl', ctl, '-cepdir', clips[0]!.dir, '-cepext', '.wav', '-adcin', 'yes', '-adchdr', '44', '-hyp', hyp, '-logfn', '/dev/null'],
  ]);
  const lines = readFileSync(hyp, 'utf8').trim().split('\n');
  const pairs = clips.map((c, i) => ({ reference: c.reference, hypothesis: (lines[i] ?? '').replace(/\s*\([^)]*\)\s*$/, '') }));
  return corpusWordErrorRate(pairs).wer * 100;
}

function brotliSize(file: string): number {
  return brotliCompressSync(readFileSync(file), { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }).length;
}

// Debian's sphinx_lm_convert cannot write this model as ARPA (it aborts: see lm-trie-to-arpa.c),
// so a 60-line C helper does it with the same library's trie walk. It needs the sphinxbase headers
// from the Debian source the wasm build fetched (scripts/build-pocketsphinx-wasm.sh).
const sphinxbase = join(root, '.cache/pocketsphinx-wasm/src/sphinxbase');
const toArpa = join(work, 'lm-trie-to-arpa');
if (!existsSync(toArpa)) {
  if (!existsSync(join(sphinxbase, 'src/libsphinxbase/lm/lm_trie.h'))) {
    console.error(`${sphinxbase} missing: run bash scripts/build-pocketsphinx-wasm.sh (npm run setup does)`);
    process.exit(2);
  }
  // The source tree's sphinx_config.h is the wasm32 build's: a native one beside it.
  mkdirSync(join(work, 'native'), { recursive: true });
  writeFileSync(join(work, 'native/sphinx_config.h'), '#define SIZEOF_LONG 8\n#define HAVE_LONG_LONG 1\n#define SIZEOF_LONG_LONG 8\n');
  run('gcc', ['-O2', `-I${join(work, 'native')}`, `-I${sphinxbase}/include`, `-I${sphinxbase}/src/libsphinxbase/lm`, join(root, 'e2e/bench/experiments/lm-trie-to-arpa.c'), '-l:libsphinxbase.so.3', '-o', toArpa]);
}
const arpa = join(work, 'en-us.arpa');
if (!existsSync(arpa)) {
  console.error('[lm] en-us.lm.bin → ARPA…');
  run(toArpa, [LM, arpa]);
}
const rows: { name: string; bytes: number; brotli: number; flite: number; human: number }[] = [];
const measure = (name: string, lm: string) => {
  const row = { name, bytes: statSync(lm).size, brotli: brotliSize(lm), flite: wer(lm, flite, `${name}-flite`), human: wer(lm, human, `${name}-human`) };
  rows.push(row);
  console.error(`[lm] ${name}: ${(row.bytes / 1e6).toFixed(1)} MB (brotli ${(row.brotli / 1e6).toFixed(1)} MB), WER flite ${row.flite.toFixed(1)}%, LibriVox ${row.human.toFixed(1)}%`);
};
measure('debian', LM);
// The ARPA written back to binary unpruned: shows the conversion itself changes nothing.
const roundTrip = join(work, 'en-us.roundtrip.lm.bin');
if (!existsSync(roundTrip)) run('/usr/bin/sphinx_lm_convert', ['-i', arpa, '-ifmt', 'arpa', '-o', roundTrip, '-ofmt', 'bin']);
measure('round-trip', roundTrip);
for (const t of thresholds) {
  const pruned = join(work, `en-us.pruned-${t}.arpa`);
  const bin = join(work, `en-us.pruned-${t}.lm.bin`);
  if (!existsSync(bin)) {
    console.error(`[lm] prune-lm --threshold=${t},${t}…`);
    run(PRUNE_LM, [`--threshold=${t},${t}`, arpa, pruned]);
    run('/usr/bin/sphinx_lm_convert', ['-i', pruned, '-ifmt', 'arpa', '-o', bin, '-ofmt', 'bin']);
  }
  measure(`pruned-${t}`, bin);
}

const base = rows[0]!;
console.log(`flite fixtures: ${flite.length} clips; LibriVox (pocketsphinx-testdata): ${human.length} clips`);
console.log('| LM | size | brotli | WER flite | Δ | WER LibriVox | Δ |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  const d = (x: number, b: number) => `${x - b >= 0 ? '+' : ''}${(x - b).toFixed(1)}`;
  console.log(`| ${r.name} | ${(r.bytes / 1e6).toFixed(1)} MB | ${(r.brotli / 1e6).toFixed(1)} MB | ${r.flite.toFixed(1)}% | ${d(r.flite, base.flite)} | ${r.human.toFixed(1)}% | ${d(r.human, base.human)} |`);
}
