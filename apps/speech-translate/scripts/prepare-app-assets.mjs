#!/usr/bin/env node
// Everything the PWA serves that is not committed (public/generated/, gitignored):
//   models/silero-vad/          Silero VAD v5 (MIT, from @ricky0123/vad-web via onnxruntime's npm) + manifest
//   models/pocketsphinx-wasm/   PocketSphinx built to WASM by scripts/build-pocketsphinx-wasm.sh + manifest
//   models/pocketsphinx-en-us/  Debian's pocketsphinx-en-us model + manifest
//   samples/*.wav + index.json  sample clips spoken by Debian's flite (voice slt), 16 kHz mono
// Model weights are fetched by the app into the IndexedDB model store, never precached by the
// service worker (vite.config.mjs excludes generated/models from the precache manifest).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { prepareSileroBundle } from '../../../scripts/runtime-model-assets.mjs';
import { prepareSpeechAssets } from '../../../scripts/speech-assets.mjs';

const app = resolve(import.meta.dirname, '..');
const root = resolve(app, '../..');
const out = join(app, 'public/generated');
const RATE = 16000;

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.error}`);
  return r.stdout;
}

// --- models -------------------------------------------------------------------------------
const models = join(out, 'models');
prepareSpeechAssets(root, models);
if (!existsSync(join(models, 'pocketsphinx-wasm/manifest.json'))) {
  console.error('[speech-translate] PocketSphinx WASM missing: run `bash scripts/build-pocketsphinx-wasm.sh` (npm run setup does)');
  process.exit(1);
}
prepareSileroBundle(root, join(models, 'silero-vad'));

// --- sample clips (flite) -----------------------------------------------------------------
/** Each clip: sentences with the silence after each (seconds). Names and numbers on purpose. */
export const SAMPLES = [
  { id: 'introduction', title: 'Introduction', sentences: [['hello my name is david and i live in london', 0.8]] },
  { id: 'phone-call', title: 'A phone number', sentences: [['please call john smith at four one five five five five one two three four', 0.8]] },
  {
    id: 'two-sentences',
    title: 'Two sentences with a pause',
    sentences: [
      ['the meeting with sarah is at ten tomorrow morning', 1.5],
      ['the weather is very nice today', 0.8],
    ],
  },
];

const samplesDir = join(out, 'samples');
mkdirSync(samplesDir, { recursive: true });
const key = createHash('sha256').update(JSON.stringify(SAMPLES)).digest('hex').slice(0, 16);
const indexFile = join(samplesDir, 'index.json');
if (existsSync(indexFile) && JSON.parse(readFileSync(indexFile, 'utf8')).key === key) {
  console.log('[speech-translate] samples up to date');
} else {
  const index = { key, samples: [] };
  for (const sample of SAMPLES) {
    const parts = [];
    const lead = join(samplesDir, `${sample.id}.lead.wav`);
    run('sox', ['-n', '-r', String(RATE), '-c', '1', '-b', '16', '-e', 'signed-integer', lead, 'trim', '0', '0.5']);
    parts.push(lead);
    sample.sentences.forEach(([text, pause], i) => {
      const raw = join(samplesDir, `${sample.id}.${i}.flite.wav`);
      const said = join(samplesDir, `${sample.id}.${i}.wav`);
      const gap = join(samplesDir, `${sample.id}.${i}.gap.wav`);
      run('flite', ['-voice', 'slt', '-t', text, '-o', raw]);
      run('sox', [raw, '-r', String(RATE), '-c', '1', '-b', '16', '-e', 'signed-integer', said]);
      run('sox', ['-n', '-r', String(RATE), '-c', '1', '-b', '16', '-e', 'signed-integer', gap, 'trim', '0', String(pause)]);
      parts.push(said, gap);
      rmSync(raw);
    });
    const file = join(samplesDir, `${sample.id}.wav`);
    run('sox', [...parts, file]);
    for (const p of parts) rmSync(p);
    const seconds = Number(run('soxi', ['-D', file]).trim());
    index.samples.push({ id: sample.id, title: sample.title, url: `${sample.id}.wav`, seconds, text: sample.sentences.map(([t]) => t).join(' / ') });
    console.log(`[speech-translate] sample ${file} (${seconds.toFixed(1)} s)`);
  }
  writeFileSync(indexFile, `${JSON.stringify(index, null, 2)}\n`);
}
