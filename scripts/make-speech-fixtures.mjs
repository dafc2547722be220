#!/usr/bin/env node
// Speech fixtures for the ASR tests and benchmark, spoken by Debian's `flite` (voice slt; the
// PocketSphinx en-us model understands it, espeak-ng's voices it does not) and shaped by `sox`.
// Nothing here is committed: outputs go to e2e/public/fixtures/speech/ (gitignored, served by the
// e2e pages) and are regenerated in setup when this script changes.
//
//   sentences/NN.wav + NN.txt   one sentence each, 16 kHz mono s16, reference text beside it
//   pauses.wav                  ~30 s: several sentences separated by silences (VAD tests)
//   fake-mic.wav                what Chromium's fake capture device plays (mic-path test)
//   formats/*                   one sentence as Ogg Vorbis 44.1 kHz and WAV 48 kHz, both stereo
//   redaction/NN.wav            sentences with personal data (names, cities, emails, phones, o'clock)
//   index.json                  everything above with durations and reference texts
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const outDir = join(root, 'e2e/public/fixtures/speech');
const RATE = 16000;

/** Our own sentences: everyday English with words the en-us language model knows. */
export const SENTENCES = [
  'the quick brown fox jumps over the lazy dog',
  'please call me when you get home tonight',
  'the weather is very nice today',
  'i would like a cup of coffee with milk',
  'we are going to the park after lunch',
  'she bought three apples at the market',
  'can you tell me where the train station is',
  'the meeting starts at ten in the morning',
  'my brother lives in a small house near the river',
  'it is too cold to go swimming',
  'they played music all night long',
  'please turn off the lights before you leave',
  'the children are reading books in the library',
  'he forgot his keys in the car',
  'thank you very much for your help',
  'the store closes at six on sunday',
  'i think we should take the bus',
  'our flight was delayed by two hours',
];

/**
 * Sentences with personal data, for redaction on what the recogniser hears (issue 14, item 8):
 * beside each, the words of it that are personal, so a spec can check that none of them is left
 * after redaction whatever the recogniser made of the audio. A set of its own, so the WER corpus
 * above keeps its sentences. Two say "and" / "an" / "that" where "at" belongs: near-misses on
 * purpose (the recogniser itself makes them of "at" too).
 */
export const REDACTION_SENTENCES = [
  { text: 'my email is john dot smith at example dot com', personal: ['john', 'smith', 'example'] },
  { text: "please write to maria at gmail dot com before five o'clock", personal: ['maria', 'gmail'] },
  { text: 'send the photos to david and yahoo dot com', personal: ['david', 'yahoo'] },
  { text: 'you can reach anna an company dot org tomorrow', personal: ['anna', 'company'] },
  { text: 'my address is linda that outlook dot com', personal: ['linda', 'outlook'] },
  { text: 'call me at four one five five five five one two three four', personal: ['four', 'one', 'five', 'two', 'three'] },
  { text: 'my phone number is two one two five five five zero one four seven', personal: ['two', 'one', 'five', 'zero', 'four', 'seven'] },
  { text: "i met robert miller in chicago at three o'clock", personal: ['robert', 'miller', 'chicago'] },
  { text: 'sarah lives in boston and works in seattle', personal: ['sarah', 'boston', 'seattle'] },
  { text: "the meeting with peter starts at nine o'clock in london", personal: ['peter', 'london'] },
];

/** Sentence indices spoken in pauses.wav, and the silence after each (seconds). */
const PAUSE_PLAN = [
  { sentence: 1, silenceAfter: 2.0 },
  { sentence: 4, silenceAfter: 2.5 },
  { sentence: 8, silenceAfter: 1.5 },
  { sentence: 11, silenceAfter: 3.0 },
  { sentence: 14, silenceAfter: 2.0 },
  { sentence: 17, silenceAfter: 2.5 },
];
const LEAD_SILENCE = 1.0;

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.error}`);
  return r.stdout;
}

function duration(file) {
  return Number(run('soxi', ['-D', file]).trim());
}

/** flite speaks at 16 kHz already; sox pins the format so every fixture is identical in shape. */
function speak(text, file) {
  const raw = `${file}.flite.wav`;
  run('flite', ['-voice', 'slt', '-t', text, '-o', raw]);
  run('sox', [raw, '-r', String(RATE), '-c', '1', '-b', '16', '-e', 'signed-integer', file]);
  rmSync(raw);
}

function silence(seconds, file) {
  run('sox', ['-n', '-r', String(RATE), '-c', '1', '-b', '16', '-e', 'signed-integer', file, 'trim', '0', String(seconds)]);
}

const key = createHash('sha256').update(readFileSync(import.meta.filename)).digest('hex').slice(0, 16);
const indexFile = join(outDir, 'index.json');
if (!process.argv.includes('--force') && existsSync(indexFile) && JSON.parse(readFileSync(indexFile, 'utf8')).key === key) {
  console.log(`[speech-fixtures] up to date (${outDir})`);
  process.exit(0);
}

rmSync(outDir, { recursive: true, force: true });
mkdirSync(join(outDir, 'sentences'), { recursive: true });
const tmp = join(outDir, 'tmp');
mkdirSync(tmp);

const sentences = SENTENCES.map((text, i) => {
  const id = String(i + 1).padStart(2, '0');
  const wav = join(outDir, 'sentences', `${id}.wav`);
  speak(text, wav);
  writeFileSync(join(outDir, 'sentences', `${id}.txt`), `${text}\n`);
  return { id, wav: `sentences/${id}.wav`, text, seconds: duration(wav) };
});

// pauses.wav: lead silence, then sentence + silence, and where each utterance sits.
const parts = [join(tmp, 'lead.wav')];
silence(LEAD_SILENCE, parts[0]);
const utterances = [];
let t = LEAD_SILENCE;
for (const [k, { sentence, silenceAfter }] of PAUSE_PLAN.entries()) {
  const s = sentences[sentence];
  utterances.push({ text: s.text, start: t, end: t + s.seconds });
  t += s.seconds + silenceAfter;
  const gap = join(tmp, `gap${k}.wav`);
  silence(silenceAfter, gap);
  parts.push(join(outDir, s.wav), gap);
}
run('sox', [...parts, join(outDir, 'pauses.wav')]);

// fake-mic.wav: Chromium loops this file as the microphone; a sentence framed by silence.
const micSentence = sentences[6];
silence(0.5, join(tmp, 'mic-lead.wav'));
silence(1.5, join(tmp, 'mic-tail.wav'));
run('sox', [join(tmp, 'mic-lead.wav'), join(outDir, micSentence.wav), join(tmp, 'mic-tail.wav'), join(outDir, 'fake-mic.wav')]);
rmSync(tmp, { recursive: true });

// Other containers and rates for the file front end (decodeAudioData + resampling + down-mix):
// the same sentence as Ogg Vorbis at 44.1 kHz stereo and as WAV at 48 kHz stereo.
const formatSentence = sentences[12];
mkdirSync(join(outDir, 'formats'));
const formats = [
  { wav: 'formats/ogg-44k-stereo.ogg', args: ['-r', '44100', '-c', '2', '-C', '6'] },
  { wav: 'formats/wav-48k-stereo.wav', args: ['-r', '48000', '-c', '2', '-b', '16'] },
].map(({ wav, args }) => {
  run('sox', [join(outDir, formatSentence.wav), ...args, join(outDir, wav)]);
  return { file: wav, text: formatSentence.text };
});

// redaction/NN.wav: the personal-data sentences, same voice and format as sentences/.
mkdirSync(join(outDir, 'redaction'));
const redaction = REDACTION_SENTENCES.map(({ text, personal }, i) => {
  const id = String(i + 1).padStart(2, '0');
  const wav = join(outDir, 'redaction', `${id}.wav`);
  speak(text, wav);
  return { id, wav: `redaction/${id}.wav`, text, personal, seconds: duration(wav) };
});

const index = {
  key,
  voice: 'flite slt',
  sampleRate: RATE,
  sentences,
  pauses: { wav: 'pauses.wav', seconds: duration(join(outDir, 'pauses.wav')), utterances },
  formats,
  fakeMic: { wav: 'fake-mic.wav', seconds: duration(join(outDir, 'fake-mic.wav')), text: micSentence.text, leadSilence: 0.5 },
  redaction,
};
writeFileSync(indexFile, `${JSON.stringify(index, null, 2)}\n`);
const total = sentences.reduce((a, s) => a + s.seconds, 0);
console.log(`[speech-fixtures] ${sentences.length} sentences (${total.toFixed(1)} s), ${redaction.length} redaction sentences, pauses.wav ${index.pauses.seconds.toFixed(1)} s, fake-mic.wav -> ${outDir}`);
