/**
 * ASR speed and accuracy on device: PocketSphinx compiled to WebAssembly (-O3, -msimd128) in a
 * Chromium module worker vs Debian's native `pocketsphinx_continuous -infile`, both built from
 * the same Debian sources with the same en-us model, on the same flite fixture clips
 * (scripts/make-speech-fixtures.mjs).
 *
 * Real-time factor = decode time / audio time, per clip, paired (native and wasm on the same clip
 * back to back, alternating order). What each side's time covers:
 * - wasm: `processingMs` measured inside the worker around the decoder calls (feature extraction
 *   + search + final hypothesis and word segments), audio fed in 0.25 s chunks as a stream would;
 *   the model is loaded once per page, as an app does.
 * - native: wall time of one process per clip minus the median wall time of the same command on
 *   0.3 s of silence (process start and model load, which the wasm side pays once, not per clip).
 * WER over the whole set for both, with the same normalisation (packages/speech word-error-rate).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { corpusWordErrorRate } from '../../packages/speech/src/word-error-rate.ts';
import type { Metric } from './contract.ts';
import { defineBenchmark } from './contract.ts';
import { median } from './stats.ts';

const FIXTURES = resolve(import.meta.dirname, '../public/fixtures/speech');
const MODEL = '/usr/share/pocketsphinx/model/en-us';
const NATIVE = '/usr/bin/pocketsphinx_continuous';

interface Sentence {
  id: string;
  wav: string;
  text: string;
  seconds: number;
}

function runNative(wav: string): { ms: number; text: string } {
  const args = ['-hmm', `${MODEL}/en-us`, '-lm', `${MODEL}/en-us.lm.bin`, '-dict', `${MODEL}/cmudict-en-us.dict`, '-infile', wav, '-logfn', '/dev/null'];
  const t0 = performance.now();
  const r = spawnSync(NATIVE, args, { encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${NATIVE} failed on ${wav}: ${r.stderr}`);
  // -infile prints one line per utterance its own VAD found.
  return { ms, text: r.stdout.split('\n').map((l) => l.trim()).filter(Boolean).join(' ') };
}

export default defineBenchmark({
  id: 'asr-rtf-wer',
  title: 'ASR real-time factor and WER: PocketSphinx WASM in a Chromium worker vs native pocketsphinx_continuous',
  goals: [
    { metric: 'rtf-wasm-vs-native.ratio', op: '<=', target: 1.4, text: 'WASM within 1.4× of native RTF' },
    { metric: 'wasm.rtf', op: '<=', target: 0.2, text: 'WASM RTF ≤ 0.2' },
    { metric: 'wasm.wer', op: '<=', target: 0.1, text: 'WASM WER ≤ 10%' },
  ],
  timeoutMs: 10 * 60_000,
  async run(ctx) {
    const index = JSON.parse(readFileSync(join(FIXTURES, 'index.json'), 'utf8')) as { sentences: Sentence[] };
    const clips = index.sentences;
    const silence = join(ctx.outputDir, 'silence.wav');
    const sox = spawnSync('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', silence, 'trim', '0', '0.3']);
    if (sox.status !== 0) throw new Error(`sox failed: ${String(sox.stderr)}`);

    ctx.log('native start-up (model load) on 0.3 s of silence');
    runNative(silence);
    const overhead = median(Array.from({ length: ctx.repeats(5) }, () => runNative(silence).ms));
    ctx.log(`native start-up ${overhead.toFixed(0)} ms`);

    await ctx.page.goto(`${ctx.baseURL}/asr/`);
    await ctx.page.locator('#status', { hasText: 'ready' }).waitFor();
    const { loaded, loadMs } = await ctx.page.evaluate(() => window.asr.load());
    ctx.log(`wasm engine loaded in ${loadMs.toFixed(0)} ms (SIMD ${loaded.simd})`);

    const nativeText = new Map<string, string>();
    const wasmText = new Map<string, string>();
    const clip = (i: number): Sentence => clips[i % clips.length]!;
    const rounds = ctx.repeats(2);
    const cmp = await ctx.pair({
      id: 'rtf-wasm-vs-native',
      unit: 'x-realtime',
      repeats: rounds * clips.length,
      warmup: 2,
      baseline: {
        name: 'native pocketsphinx_continuous (RTF per clip)',
        run: async (i) => {
          const c = clip(i);
          const r = runNative(join(FIXTURES, c.wav));
          nativeText.set(c.id, r.text);
          return Math.max(0, r.ms - overhead) / 1000 / c.seconds;
        },
      },
      candidate: {
        name: 'PocketSphinx WASM in a worker (RTF per clip)',
        run: async (i) => {
          const c = clip(i);
          const r = await ctx.page.evaluate((url) => window.asr.transcribeUrl(url), `/fixtures/speech/${c.wav}`);
          wasmText.set(c.id, r.result.text);
          return r.result.processingMs / 1000 / r.result.audioSeconds;
        },
      },
    });

    const wer = (texts: Map<string, string>) =>
      corpusWordErrorRate(clips.map((c) => ({ reference: c.text, hypothesis: texts.get(c.id) ?? '' })));
    const wasmWer = wer(wasmText);
    const nativeWer = wer(nativeText);
    const wasmRtf = median(cmp.candidate.samples);
    const nativeRtf = median(cmp.baseline.samples);
    const audioSeconds = clips.reduce((a, c) => a + c.seconds, 0);
    ctx.log(
      `RTF wasm ${wasmRtf.toFixed(3)} vs native ${nativeRtf.toFixed(3)} (ratio ${cmp.ratio.toFixed(2)}×); ` +
        `WER wasm ${(100 * wasmWer.wer).toFixed(1)}% vs native ${(100 * nativeWer.wer).toFixed(1)}%`,
    );
    const metrics: Record<string, Metric> = {
      'wasm.rtf': { value: wasmRtf, unit: 'x-realtime', description: 'median per-clip decode time ÷ audio time, WASM in a worker' },
      'native.rtf': { value: nativeRtf, unit: 'x-realtime', description: 'median per-clip (wall − start-up) ÷ audio time, native' },
      'wasm.wer': { value: wasmWer.wer, unit: 'ratio', description: `WER of the WASM engine over ${wasmWer.referenceWords} words` },
      'native.wer': { value: nativeWer.wer, unit: 'ratio', description: `WER of native pocketsphinx_continuous over ${nativeWer.referenceWords} words` },
      'native.startupMs': { value: overhead, unit: 'ms', description: 'native process start + model load, subtracted from each clip' },
      'wasm.loadMs': { value: loadMs, unit: 'ms', description: 'WASM engine ready: fetch + SHA-256 of 37 MB, compile, decoder init' },
      'fixtures.audioSeconds': { value: audioSeconds, unit: 'ms', description: 'seconds of audio in the fixture set (unit: seconds)' },
    };
    return {
      comparisons: [cmp],
      metrics,
      notes: [
        `${clips.length} flite (slt) sentences, ${audioSeconds.toFixed(1)} s; ${rounds} rounds, clips paired native/wasm, order alternating`,
        `wasm build: ${loaded.runtimeVersion} (-O3 -msimd128, single thread); model ${loaded.modelId}@${loaded.modelVersion}`,
        'wasm decodes all clips in one decoder (one utterance each); native starts a fresh process per clip',
        'the machine is shared: both sides run on the same 2 cores back to back, so load shifts both',
      ],
    };
  },
});
