// Speech bundles for the e2e pages and the demo: the PocketSphinx WebAssembly build
// (scripts/build-pocketsphinx-wasm.sh) and Debian's pocketsphinx-en-us model, copied into a served
// folder with a manifest in @tandem/model-store's format (sizes and SRI SHA-256 of every file).
// Called by scripts/prepare-assets.mjs; nothing here is committed.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { dictionaryForVocabulary, lmVocabulary } from './lib/asr-dictionary.mjs';

const MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';

function sri(file) {
  return `sha256-${createHash('sha256').update(readFileSync(file)).digest('base64')}`;
}

/**
 * Writes `files` ([name, a path to copy or the bytes]) into `dir` and `dir/manifest.json`.
 */
export function writeBundle(dir, manifest, files) {
  mkdirSync(dir, { recursive: true });
  const entries = files.map(([name, from]) => {
    const to = join(dir, name);
    mkdirSync(dirname(to), { recursive: true });
    if (typeof from === 'string') copyFileSync(from, to);
    else writeFileSync(to, from);
    return { name, url: name, size: statSync(to).size, sha256: sri(to) };
  });
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify({ ...manifest, files: entries }, null, 2)}\n`);
  const bytes = entries.reduce((a, e) => a + e.size, 0);
  console.log(`[assets] ${dir} (${entries.length} files, ${bytes} bytes) <- ${manifest.id}@${manifest.version}`);
}

function debianVersion(pkg) {
  const status = readFileSync('/var/lib/dpkg/status', 'utf8');
  const block = status.split('\n\n').find((b) => b.startsWith(`Package: ${pkg}\n`));
  return block?.match(/^Version: (.+)$/m)?.[1] ?? 'unknown';
}

/**
 * Writes the PocketSphinx WebAssembly runtime bundle (glue, wasm, manifest.json) into `dir`:
 * served by the e2e pages and the demo, and shipped inside @tandem/speech's tarball
 * (scripts/pack-speech-runtime.mjs). Returns false when the wasm has not been built yet.
 */
export function preparePocketsphinxRuntime(root, dir) {
  const build = join(root, 'packages/speech/build/pocketsphinx');
  if (!existsSync(join(build, 'build-info.json'))) return false;
  const info = JSON.parse(readFileSync(join(build, 'build-info.json'), 'utf8'));
  writeBundle(
    dir,
    {
      id: 'pocketsphinx-wasm',
      // Immutable per build: the Debian source version plus the wasm's own hash.
      version: `${info.pocketsphinx}+wasm.${info.wasmSha256.slice(0, 12)}`,
      runtime: 'emscripten',
      licence: 'BSD-2-Clause',
      description: `PocketSphinx ${info.pocketsphinx} / SphinxBase ${info.sphinxbase}, ${info.emscripten}, ${info.cflags}`,
    },
    [
      ['pocketsphinx.js', join(build, 'pocketsphinx.js')],
      ['pocketsphinx.wasm', join(build, 'pocketsphinx.wasm')],
    ],
  );
  return true;
}

/**
 * The en-us language model to ship: Debian's (27.1 MB, 73% of the ASR bundle), or the file
 * TANDEM_ASR_LM names, e.g. the pruned one e2e/bench/experiments/lm-pruning.ts builds from
 * Debian's packages (threshold 3e-8: 16.2 MB; WER on the flite fixtures 6.5% → 7.2%, on
 * pocketsphinx-testdata's LibriVox clips 28.2% → 26.8%; see packages/speech/README.md). Off by
 * default. The bundle's version then gains `+lm.<8 hex digits of its SHA-256>`, so a model store keeps
 * the two apart.
 */
function languageModel() {
  const override = process.env.TANDEM_ASR_LM;
  if (!override) return { file: join(MODEL_DIR, 'en-us.lm.bin'), versionSuffix: '', note: '' };
  if (!existsSync(override)) throw new Error(`TANDEM_ASR_LM=${override}: no such file`);
  return { file: override, versionSuffix: `+lm.${createHash('sha256').update(readFileSync(override)).digest('hex').slice(0, 8)}`, note: `; LM replaced by TANDEM_ASR_LM (${override.split('/').pop()})` };
}

/**
 * Writes `<modelsDir>/pocketsphinx-wasm/` and `<modelsDir>/pocketsphinx-en-us/`, each with its
 * manifest.json. Skips the runtime (with a note) when the wasm has not been built yet.
 */
export function prepareSpeechAssets(root, modelsDir) {
  if (!preparePocketsphinxRuntime(root, join(modelsDir, 'pocketsphinx-wasm'))) {
    console.log('[assets] pocketsphinx-wasm skipped: run scripts/build-pocketsphinx-wasm.sh first');
  }
  if (!existsSync(MODEL_DIR)) {
    console.log(`[assets] pocketsphinx-en-us skipped: ${MODEL_DIR} missing (apt-get install pocketsphinx-en-us)`);
    return;
  }
  const hmm = readdirSync(join(MODEL_DIR, 'en-us'))
    .filter((f) => f !== 'README')
    .sort()
    .map((f) => [`en-us/${f}`, join(MODEL_DIR, 'en-us', f)]);
  const lm = languageModel();
  // Only the words the LM knows (scripts/lib/asr-dictionary.mjs): 1.9 of 3.3 MB, same transcripts.
  const dict = dictionaryForVocabulary(readFileSync(join(MODEL_DIR, 'cmudict-en-us.dict'), 'latin1'), lmVocabulary(readFileSync(lm.file)));
  writeBundle(
    join(modelsDir, 'pocketsphinx-en-us'),
    {
      id: 'pocketsphinx-en-us',
      // `+lmdict`: the dictionary is cut to the LM's words, so stores holding the full one refetch it.
      version: `${debianVersion('pocketsphinx-en-us')}+lmdict${lm.versionSuffix}`,
      runtime: 'pocketsphinx',
      licence: 'BSD-2-Clause',
      description: `CMU Sphinx US English: continuous acoustic model, generic 3-gram LM, CMUdict cut to the LM's ${dict.kept} entries (Debian's pocketsphinx-en-us${lm.note})`,
    },
    [...hmm, ['en-us.lm.bin', lm.file], ['cmudict-en-us.dict', Buffer.from(dict.text, 'latin1')]],
  );
}
