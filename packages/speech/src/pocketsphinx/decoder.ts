import { ValidationError } from '@tandem/core';
import { ASR_SAMPLE_RATE, type AsrPartial, type AsrResult, type AsrWord } from '../asr-engine.js';
import { floatToInt16 } from '../audio/pcm.js';
import type { PocketSphinxModule } from './emscripten-module.js';

/** Which files of the model bundle PocketSphinx reads, by manifest name. */
export interface PocketSphinxModelLayout {
  /** Directory prefix of the acoustic model files (`en-us` → `en-us/mdef`, `en-us/means`, …). */
  hmm: string;
  lm: string;
  dict: string;
}

export const EN_US_LAYOUT: PocketSphinxModelLayout = { hmm: 'en-us', lm: 'en-us.lm.bin', dict: 'cmudict-en-us.dict' };

export interface PocketSphinxDecoderOptions {
  layout?: PocketSphinxModelLayout;
  /**
   * More PocketSphinx options as the command-line tools take them, e.g. `{ '-beam': '1e-60' }`.
   * They come after the model paths, so they can also override those.
   */
  args?: Record<string, string>;
  /** PocketSphinx's own log on stderr (off by default: hundreds of lines per load). */
  logging?: boolean;
  /**
   * Seconds of audio between partial hypotheses (default 0.25; 0: after every chunk). Asking
   * PocketSphinx for its best path walks the backpointer table of the whole utterance so far, so
   * a microphone's ~40 ms chunks must not each pay for it: this bounds the cost per second of
   * audio, whatever the chunk size, and keeps partials deterministic for a given input.
   */
  partialIntervalSeconds?: number;
}

/** One utterance-at-a-time decoder over the wasm module; the worker exposes it over comlink. */
export interface PocketSphinxDecoder {
  start(): void;
  /**
   * Returns the partial hypothesis when one was due with this chunk (see
   * `partialIntervalSeconds`) and it changed, else null.
   */
  process(pcm: Float32Array | Int16Array): AsrPartial | null;
  /** Whether PocketSphinx's own energy detector hears speech in the current utterance. */
  inSpeech(): boolean;
  end(): AsrResult;
  free(): void;
}

const MOUNT = '/model';

/** Writes the bundle into MEMFS; names with slashes become directories. */
function writeModel(mod: PocketSphinxModule, files: ReadonlyMap<string, Uint8Array>): void {
  for (const [name, bytes] of files) {
    const path = `${MOUNT}/${name}`;
    mod.FS.mkdirTree(path.slice(0, path.lastIndexOf('/')));
    mod.FS.writeFile(path, bytes);
  }
}

function cString(mod: PocketSphinxModule, text: string): number {
  const size = mod.lengthBytesUTF8(text) + 1;
  const ptr = mod._malloc(size);
  mod.stringToUTF8(text, ptr, size);
  return ptr;
}

/** Fillers and silences PocketSphinx puts on the best path: `<s>`, `</s>`, `<sil>`, `[NOISE]`. */
function isFiller(word: string): boolean {
  return word.startsWith('<') || word.startsWith('[');
}

/** `read(2)` is the second pronunciation of `read`: the text is the same word. */
function baseWord(word: string): string {
  return word.replace(/\(\d+\)$/, '');
}

/** Parses the wrapper's "word\tstartFrame\tendFrame\tlogProb" lines into timed words. */
export function parseSegments(listing: string, frameRate: number): AsrWord[] {
  const words: AsrWord[] = [];
  for (const line of listing.split('\n')) {
    const [word, sf, ef, prob] = line.split('\t');
    if (!word || sf === undefined || ef === undefined || isFiller(word)) continue;
    // Log posterior in PocketSphinx's log base (1.0001); 0 means certain.
    const confidence = Math.min(1, Math.max(0, 1.0001 ** Number(prob ?? 0)));
    words.push({ word: baseWord(word), start: Number(sf) / frameRate, end: (Number(ef) + 1) / frameRate, confidence });
  }
  return words;
}

export function createPocketSphinxDecoder(
  mod: PocketSphinxModule,
  files: ReadonlyMap<string, Uint8Array>,
  options: PocketSphinxDecoderOptions = {},
): PocketSphinxDecoder {
  const layout = options.layout ?? EN_US_LAYOUT;
  const interval = options.partialIntervalSeconds ?? 0.25;
  if (!Number.isFinite(interval) || interval < 0) {
    throw new ValidationError({ what: 'PocketSphinx decoder options', issues: [`partialIntervalSeconds: ${interval} is not a number of seconds ≥ 0`] });
  }
  const intervalSamples = Math.round(interval * ASR_SAMPLE_RATE);
  const missing = [`${layout.hmm}/mdef`, layout.lm, layout.dict].filter((name) => !files.has(name));
  if (missing.length > 0) throw new ValidationError({ what: 'PocketSphinx model bundle', issues: missing.map((m) => `missing file ${m}`) });
  writeModel(mod, files);
  mod._tandem_ps_set_logging(options.logging ? 1 : 0);

  const args = {
    '-hmm': `${MOUNT}/${layout.hmm}`,
    '-lm': `${MOUNT}/${layout.lm}`,
    '-dict': `${MOUNT}/${layout.dict}`,
    '-samprate': String(ASR_SAMPLE_RATE),
    // sphinxbase's front-end VAD drops "silence" frames by default, and the segment frames then
    // no longer count audio time: after 3 s of a noise floor, words came out ~0.93 s late. With
    // every frame decoded, word timings are positions in the audio fed (what a caller cutting
    // clips out of a stream needs); WER on the flite fixtures is the same (5.1%), RTF within noise.
    '-remove_silence': 'no',
    ...options.args,
  };
  const argv = Object.entries(args).flat();
  const ptrs = argv.map((a) => cString(mod, a));
  const argvPtr = mod._malloc(4 * ptrs.length);
  ptrs.forEach((p, i) => (mod.HEAP32[(argvPtr >> 2) + i] = p));
  const handle = mod._tandem_ps_init(argv.length, argvPtr);
  ptrs.forEach((p) => mod._free(p));
  mod._free(argvPtr);
  if (handle === 0) {
    throw new ValidationError({ what: 'PocketSphinx configuration', issues: [`ps_init refused ${JSON.stringify(args)}`] });
  }
  const frameRate = mod._tandem_ps_frame_rate(handle);

  let buffer = 0;
  let bufferSamples = 0;
  let open = false;
  let samples = 0;
  let processingMs = 0;
  let lastPartial = '';
  /** Samples fed at which the next partial hypothesis is due: a grid, so chunk sizes do not drift it. */
  let nextHypAt = 0;
  let hypotheses = 0;

  const fail = (what: string, code: number): never => {
    throw new ValidationError({ what: 'PocketSphinx decoding', issues: [`${what} returned ${code}`] });
  };

  return {
    start() {
      if (open) throw new ValidationError({ what: 'PocketSphinx decoding', issues: ['start() while an utterance is open'] });
      const code = mod._tandem_ps_start(handle);
      if (code < 0) fail('ps_start_utt', code);
      open = true;
      samples = 0;
      processingMs = 0;
      lastPartial = '';
      nextHypAt = intervalSamples;
      hypotheses = 0;
    },
    process(pcm) {
      if (!open) throw new ValidationError({ what: 'PocketSphinx decoding', issues: ['feed() before start()'] });
      const t0 = performance.now();
      const int16 = pcm instanceof Int16Array ? pcm : floatToInt16(pcm);
      if (int16.length > bufferSamples) {
        if (buffer) mod._free(buffer);
        bufferSamples = Math.max(int16.length, 4096);
        buffer = mod._malloc(bufferSamples * 2);
      }
      // HEAP16 is re-read on every call: memory growth replaces the view.
      mod.HEAP16.set(int16, buffer >> 1);
      const code = mod._tandem_ps_process(handle, buffer, int16.length);
      if (code < 0) fail('ps_process_raw', code);
      samples += int16.length;
      let text = lastPartial;
      if (samples >= nextHypAt) {
        if (intervalSamples > 0) nextHypAt = (Math.floor(samples / intervalSamples) + 1) * intervalSamples;
        hypotheses++;
        text = mod.UTF8ToString(mod._tandem_ps_hyp(handle));
      }
      processingMs += performance.now() - t0;
      if (text === lastPartial) return null;
      lastPartial = text;
      return { text, audioSeconds: samples / ASR_SAMPLE_RATE };
    },
    inSpeech() {
      return mod._tandem_ps_in_speech(handle) === 1;
    },
    end() {
      if (!open) throw new ValidationError({ what: 'PocketSphinx decoding', issues: ['end() before start()'] });
      const t0 = performance.now();
      open = false;
      const code = mod._tandem_ps_end(handle);
      if (code < 0) fail('ps_end_utt', code);
      const text = mod.UTF8ToString(mod._tandem_ps_hyp(handle));
      const words = parseSegments(mod.UTF8ToString(mod._tandem_ps_segments(handle)), frameRate);
      processingMs += performance.now() - t0;
      return { text, words, audioSeconds: samples / ASR_SAMPLE_RATE, processingMs, hypotheses };
    },
    free() {
      if (buffer) mod._free(buffer);
      buffer = 0;
      mod._tandem_ps_free(handle);
    },
  };
}
