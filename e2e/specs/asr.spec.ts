import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, expect, test } from '@playwright/test';
import { corpusWordErrorRate, wordErrorRate } from '../../packages/speech/src/word-error-rate.ts';
import type { UtteranceRun } from '../pages/asr/protocol.ts';
import { baseChromiumArgs, chromiumPath } from '../support/chromium.ts';

/** Written by scripts/make-speech-fixtures.mjs (flite voice slt, 16 kHz mono). */
const FIXTURES = resolve(import.meta.dirname, '../public/fixtures/speech');
interface FixtureIndex {
  sentences: { id: string; wav: string; text: string; seconds: number }[];
  formats: { file: string; text: string }[];
  fakeMic: { wav: string; seconds: number; text: string };
}
const index = JSON.parse(readFileSync(resolve(FIXTURES, 'index.json'), 'utf8')) as FixtureIndex;

/** TANDEM_BREAK_REFERENCE=1 swaps the references between sentences: the WER check must then fail. */
const breakReference = process.env.TANDEM_BREAK_REFERENCE === '1';
const reference = (i: number): string =>
  index.sentences[breakReference ? (i + 1) % index.sentences.length : i]!.text;

test.describe.configure({ timeout: 240_000 });

test.beforeEach(async ({ page }) => {
  await page.goto('/asr/');
  await expect(page.locator('#status')).toHaveText('ready');
});

test('PocketSphinx in a worker transcribes the flite fixture set with WER ≤ 10%', async ({ page }) => {
  const { loaded, loadMs } = await page.evaluate(() => window.asr.load());
  expect(loaded.simd).toBe(true);
  const runs: UtteranceRun[] = [];
  for (const s of index.sentences) runs.push(await page.evaluate((url) => window.asr.transcribeUrl(url), `/fixtures/speech/${s.wav}`));
  const pairs = runs.map((run, i) => ({ reference: reference(i), hypothesis: run.result.text }));
  const corpus = corpusWordErrorRate(pairs);
  const audio = runs.reduce((a, r) => a + r.result.audioSeconds, 0);
  const decodeMs = runs.reduce((a, r) => a + r.result.processingMs, 0);
  const rtf = decodeMs / 1000 / audio;
  for (const [i, p] of pairs.entries()) {
    const w = wordErrorRate(p.reference, p.hypothesis);
    if (w.wer > 0) console.log(`  ${index.sentences[i]!.id} ref: ${p.reference}\n     hyp: ${p.hypothesis}`);
  }
  console.log(
    `[asr] WER ${(100 * corpus.wer).toFixed(1)}% (S${corpus.substitutions} D${corpus.deletions} I${corpus.insertions} / N${corpus.referenceWords}) ` +
      `over ${index.sentences.length} sentences, ${audio.toFixed(1)} s audio; RTF ${rtf.toFixed(3)} (decode in worker), load ${loadMs.toFixed(0)} ms`,
  );
  test.info().annotations.push({ type: 'wer', description: corpus.wer.toFixed(4) }, { type: 'rtf', description: rtf.toFixed(3) });
  expect(corpus.referenceWords).toBeGreaterThan(100);
  expect(corpus.wer).toBeLessThanOrEqual(0.1);
  // Word timings lie inside the audio, in order, and cover the recognised words.
  for (const run of runs) {
    const words = run.result.words;
    expect(words.map((w) => w.word).join(' ')).toBe(run.result.text);
    for (const [k, w] of words.entries()) {
      expect(w.end).toBeGreaterThan(w.start);
      expect(w.end).toBeLessThanOrEqual(run.result.audioSeconds + 0.02);
      if (k > 0) expect(w.start).toBeGreaterThanOrEqual(words[k - 1]!.end - 1e-9);
    }
  }
});

test('partial hypotheses arrive while audio is fed, before the final result', async ({ page }) => {
  const run = await page.evaluate((url) => window.asr.transcribeUrl(url, 0.2), `/fixtures/speech/${index.sentences[8]!.wav}`);
  const nonEmpty = run.partials.filter((p) => p.text.length > 0);
  expect(nonEmpty.length).toBeGreaterThanOrEqual(3);
  expect(Math.max(...run.partials.map((p) => p.at))).toBeLessThan(run.finalAt);
  // Only changes are sent, and they converge on the final text (early words may still be revised).
  for (let k = 1; k < run.partials.length; k++) expect(run.partials[k]!.text).not.toBe(run.partials[k - 1]!.text);
  expect(wordErrorRate(run.result.text, nonEmpty.at(-1)!.text).wer).toBeLessThanOrEqual(0.34);
});

test('microphone-sized chunks: partials stream in, but the best path is searched at most every 0.25 s of audio', async ({ page }) => {
  // 20 ms chunks, as a live capture would feed them: 5× more chunks than hypotheses allowed.
  const run = await page.evaluate((url) => window.asr.transcribeUrl(url, 0.02), `/fixtures/speech/${index.sentences[8]!.wav}`);
  const budget = Math.ceil(run.result.audioSeconds / 0.25);
  console.log(`[asr] ${run.result.audioSeconds.toFixed(2)} s in 20 ms chunks: ${run.result.hypotheses} hypotheses (budget ${budget}), ${run.partials.length} changed partials, RTF ${(run.result.processingMs / 1000 / run.result.audioSeconds).toFixed(3)}`);
  expect(run.result.hypotheses).toBeGreaterThanOrEqual(budget - 1);
  expect(run.result.hypotheses).toBeLessThanOrEqual(budget);
  expect(run.partials.length).toBeLessThanOrEqual(run.result.hypotheses!);
  expect(run.partials.filter((p) => p.text.length > 0).length).toBeGreaterThanOrEqual(3);
  expect(Math.max(...run.partials.map((p) => p.at))).toBeLessThan(run.finalAt);
  // Same words as the 0.2 s feed of the test above: the throttle changes cost, not the result.
  expect(wordErrorRate(index.sentences[8]!.text, run.result.text).wer).toBeLessThanOrEqual(0.2);
});

test('files in other containers, rates and channel counts decode to the same speech (Ogg 44.1 kHz, WAV 48 kHz stereo)', async ({ page }) => {
  expect(index.formats.length).toBeGreaterThanOrEqual(2);
  for (const f of index.formats) {
    const run = await page.evaluate((url) => window.asr.transcribeUrl(url), `/fixtures/speech/${f.file}`);
    console.log(`[asr] ${f.file}: "${run.result.text}" (${run.result.audioSeconds.toFixed(2)} s at 16 kHz)`);
    // The duration survives resampling: the 16 kHz result is as long as the original sentence.
    const original = index.sentences.find((x) => x.text === f.text)!;
    expect(Math.abs(run.result.audioSeconds - original.seconds)).toBeLessThan(0.03);
    expect(wordErrorRate(f.text, run.result.text).wer).toBeLessThanOrEqual(0.25);
  }
});

test('a model file whose SHA-256 does not match its manifest is refused', async ({ page }) => {
  const error = await page.evaluate(() => window.asr.loadWithBrokenManifest());
  // The class is rebuilt from `code` on this side of the worker (its name is minified in a build).
  expect(error.code).toBe('MODEL_INTEGRITY');
  expect(error.message).toContain('en-us/feat.params');
});

test('the microphone path transcribes Chromium fake capture fed from a WAV', async ({ browserName }, testInfo) => {
  expect(browserName).toBe('chromium');
  const wav = resolve(FIXTURES, index.fakeMic.wav);
  const launchArgs = (testInfo.project.use.launchOptions?.args ?? baseChromiumArgs) as string[];
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [...launchArgs, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${wav}`],
  });
  try {
    const page = await browser.newPage({ baseURL: testInfo.project.use.baseURL! });
    await page.goto('/asr/');
    await expect(page.locator('#status')).toHaveText('ready');
    await page.evaluate(() => window.asr.load());
    // Chromium loops the file; one pass plus a second covers the sentence wherever the loop starts.
    const run = await page.evaluate((s) => window.asr.transcribeMicrophone(s), index.fakeMic.seconds + 1);
    console.log(`[asr] mic: ${run.inputSampleRate} Hz in, ${run.audioSeconds.toFixed(1)} s, peak ${run.peak.toFixed(2)}, "${run.text}"`);
    expect(run.audioSeconds).toBeGreaterThan(index.fakeMic.seconds * 0.9);
    expect(run.peak).toBeGreaterThan(0.05);
    // The sentence must be in there at least once: count how many of its words were heard.
    const heard = new Set(run.text.split(' '));
    const words = index.fakeMic.text.split(' ');
    const recall = words.filter((w) => heard.has(w)).length / words.length;
    expect(recall).toBeGreaterThanOrEqual(0.75);
    expect(wordErrorRate(index.fakeMic.text, run.text).wer).toBeLessThan(1.5);
  } finally {
    await browser.close();
  }
});

test('word timings are positions in the audio fed: 3 s of a noise floor before the clip moves every word by 3 s', async ({ page }) => {
  // A caller that cuts clips out of a stream (the app's live decode) places words by these times.
  // With sphinxbase's default silence removal they came out ~0.93 s late after a noise floor.
  await page.evaluate(() => window.asr.load());
  const url = `/fixtures/speech/${index.sentences[0]!.wav}`;
  const plain = await page.evaluate((u) => window.asr.transcribeUrl(u), url);
  const padded = await page.evaluate((u) => window.asr.transcribeUrl(u, 0.25, 3), url);
  // The silence shifts the cepstral mean the decoder starts from, so a word may differ
  // ("jumps"/"jumped") and its neighbours move by a frame or nine; the same words must sit 3 s later.
  expect(padded.result.words.length).toBe(plain.result.words.length);
  const same = padded.result.words.filter((w, k) => w.word === plain.result.words[k]!.word);
  expect(same.length).toBeGreaterThanOrEqual(plain.result.words.length - 1);
  for (const [k, w] of padded.result.words.entries()) {
    const p = plain.result.words[k]!;
    if (w.word !== p.word) continue;
    expect(Math.abs(w.start - (p.start + 3))).toBeLessThanOrEqual(0.15);
    expect(Math.abs(w.end - (p.end + 3))).toBeLessThanOrEqual(0.15);
  }
});
