import { corpusWordErrorRate, wordErrorRate } from '../../packages/speech/src/word-error-rate.ts';
import { defineBenchmark, type Metric, type SampleSeries } from './contract.ts';
import { decodeClip, openNodeDecoder, RATE, readWavSamples } from './node-pocketsphinx.ts';
import { buildSessionWav, type SessionWav } from './session-wav.ts';
import { runMicSession } from './speech-session.ts';
import { median, p95 } from './stats.ts';
import { utteranceTimelines, type UtteranceTimeline } from './utterance-marks.ts';

/**
 * Issue 10 #6: end of utterance → translated text shown, on the local stack: the demo PWA
 * (production build) listening continuously to Chromium's fake microphone (the 60 s flite WAV of
 * speech-session.ts, looped), PocketSphinx and Silero in workers (wasm), the translate function
 * with apertium-apy on loopback.
 *
 * End of utterance = the moment the live endpointer (Silero once per 32 ms frame in a worker) ends
 * the utterance (the `tandem:cut` mark): ≥ 0.7 s of quiet after the last speech, decided frame by
 * frame as the audio arrives. The utterance's decode began at its onset, so only the end of the
 * search is left. Shown = the restored translation is in the DOM (`tandem:shown`, right after the
 * utterance's element is replaced). Both are User Timing marks on the page's clock
 * (apps/speech-translate/src/latency-marks.ts), so no Playwright polling is in the number. Also
 * reported: from the estimated end of speech (the last speech sample's arrival) to shown, which
 * adds the end-of-speech wait, and the breakdown (utterance-marks.ts): decode catch-up, the ASR
 * tail, redaction, hold, function round trip, restore + render. The first utterance is a warm-up
 * and dropped.
 */
const WARMUP = 1;

const PARTS: [keyof UtteranceTimeline, string][] = [
  ['catchUp', 'decode catch-up after the cut (audio the recogniser had not read yet; router, trace)'],
  ['asr', 'ASR tail: last audio read → final hypothesis (the end of the search)'],
  ['redact', 'redaction'],
  ['hold', 'transcript → translation requested (punctuation on the device, an earlier translation)'],
  ['fn', 'function round trip (client, HTTP, apertium)'],
  ['render', 'restore placeholders + render'],
];

/** Silero calls ÷ 32 ms frames heard over the session (the `listened` marks): 1 = one pass over the audio. */
function sileroPasses(marks: readonly { name: string; detail: Record<string, string | number> | null }[]): Record<string, Metric> {
  const heard = marks.filter((m) => m.name === 'tandem:listened');
  const sum = (key: string) => heard.reduce((a, m) => a + Number(m.detail?.[key] ?? 0), 0);
  if (heard.length === 0) return {};
  return { 'silero.frames-run-per-frame-heard': { value: sum('framesRun') / sum('framesHeard'), unit: 'ratio', description: `Silero inferences ÷ 32 ms frames heard over ${heard.length} input(s) (goal ≤ 1.1: once per frame)` } };
}

/**
 * Mic-path WER (the transcripts the app showed) against the file path's on the same sentences:
 * each sentence cut from the session WAV (0.3 s either side) and decoded whole by the same
 * PocketSphinx build in Node. Each utterance is paired with the sentence it matches best (the WAV
 * loops, and the fake device's start lands anywhere in it); the last one, cut short by the stop,
 * is left out.
 */
async function micVsFileWer(wav: SessionWav, transcripts: string[]): Promise<Record<string, Metric>> {
  const heard = transcripts.slice(0, -1).filter((t) => t.trim() !== '');
  if (heard.length === 0) return {};
  const pairs = heard.map((hypothesis) => {
    const best = wav.sentences.map((s) => ({ s, wer: wordErrorRate(s.text, hypothesis).wer })).sort((a, b) => a.wer - b.wer)[0]!;
    return { reference: best.s.text, hypothesis, sentence: best.s };
  });
  const audio = readWavSamples(wav.path);
  const dec = await openNodeDecoder();
  // The same warm-up as the app's decoder had before its first utterance: none.
  const file = pairs.map((p) => ({
    reference: p.reference,
    hypothesis: decodeClip(dec, audio.subarray(Math.max(0, Math.round((p.sentence.startS - 0.3) * RATE)), Math.round((p.sentence.endS + 0.3) * RATE))),
  }));
  const mic = corpusWordErrorRate(pairs).wer;
  const fromFile = corpusWordErrorRate(file).wer;
  return {
    'wer.mic': { value: 100 * mic, unit: 'percent', description: `WER of the ${pairs.length} transcripts the app showed (the live path), each against its best-matching sentence` },
    'wer.file': { value: 100 * fromFile, unit: 'percent', description: 'WER of the same sentences cut from the WAV and decoded whole (the file path), same build in Node' },
    'wer.mic-minus-file': { value: 100 * (mic - fromFile), unit: 'percent', description: 'mic-path WER − file-path WER, in points (goal ≤ 1)' },
  };
}

function ms(value: number, description: string): Metric {
  return { value, unit: 'ms', description };
}

export default defineBenchmark({
  id: 'utterance-latency',
  title: 'End of utterance → translated text shown, local stack (mic → PocketSphinx → redaction → apertium function)',
  goals: [
    { metric: 'cut-to-shown.p50', op: '<=', target: 300, text: 'end of utterance → translation shown, p50 ≤ 300 ms' },
    { metric: 'cut-to-shown.p95', op: '<=', target: 600, text: 'end of utterance → translation shown, p95 ≤ 600 ms' },
    { metric: 'speech-end-to-shown.p50', op: '<=', target: 1_000, text: 'estimated end of speech → translation shown, p50 ≤ 1,000 ms' },
    { metric: 'silero.frames-run-per-frame-heard', op: '<=', target: 1.1, text: 'Silero inferences per frame heard ≤ 1.1 (one pass over the audio)' },
    { metric: 'wer.mic-minus-file', op: '<=', target: 1, text: 'mic-path WER ≤ file-path WER on the same sentences + 1 point' },
  ],
  timeoutMs: 8 * 60_000,
  async run(ctx) {
    const wanted = ctx.repeats(16);
    const wav = buildSessionWav(ctx.outputDir, 60);
    ctx.log(`session WAV ${wav.seconds.toFixed(1)} s, ${wav.sentences.length} sentences; listening until ${wanted + WARMUP} translations are shown`);
    const s = await runMicSession({
      wav: wav.path,
      listenMs: Math.min(60_000, (wanted + WARMUP) * 5_000),
      minShown: wanted + WARMUP,
      maxListenMs: 200_000,
      log: ctx.log,
    });
    const all = utteranceTimelines(s.marks);
    const kept = all.slice(WARMUP);
    if (kept.length < 3) {
      const notDone = s.utterances.filter((u) => u.status !== 'done').map((u) => `${u.status}: ${u.message}`);
      throw new Error(`only ${all.length} utterances went from cut to shown (${s.marks.length} marks; not done: ${notDone.slice(0, 3).join(' | ') || 'none'})`);
    }
    const series = (name: string, pick: (t: UtteranceTimeline) => number): SampleSeries => ({ name, unit: 'ms', samples: kept.map(pick) });
    const total = series('end of utterance (cut) → translation shown', (t) => t.total);
    const fromSpeech = series('end of speech (estimated) → translation shown', (t) => t.fromSpeechEnd);
    const parts = PARTS.map(([key, name]) => series(name, (t) => t[key] as number));
    const asr = parts[1]!;
    const fn = parts[4]!;

    const metrics: Record<string, Metric> = {
      'cut-to-shown.p50': ms(median(total.samples), 'median, end of utterance (the app’s cut) → translation in the DOM'),
      'cut-to-shown.p95': ms(p95(total.samples), 'p95 of the same'),
      'speech-end-to-shown.p50': ms(median(fromSpeech.samples), 'median, estimated last speech sample → translation in the DOM'),
      'speech-end-to-shown.p95': ms(p95(fromSpeech.samples), 'p95 of the same'),
      utterances: { value: kept.length, unit: 'count', description: `utterances measured (after ${WARMUP} warm-up)` },
      'asr.decode-span-ratio': { value: median(kept.map((t) => t.decodeMs / t.clipMs)), unit: 'x-realtime', description: 'median whole decode (onset → final, it follows the live audio) ÷ cut audio length' },
      'clip.medianMs': ms(median(kept.map((t) => t.clipMs)), 'median length of the audio handed over per cut'),
      ...sileroPasses(s.marks),
      ...(await micVsFileWer(wav, s.utterances.map((u) => u.transcript))),
    };
    PARTS.forEach(([key], i) => {
      metrics[`${key}.p50`] = ms(median(parts[i]!.samples), `median: ${parts[i]!.name}`);
    });
    return {
      series: [total, fromSpeech, ...parts],
      comparisons: [ctx.compare('asr-share', total, asr), ctx.compare('function-share', total, fn)],
      metrics,
      notes: [
        'end of utterance = the live endpointer’s cut (≥ 0.7 s of quiet after the last speech, judged per 32 ms frame); shown = restored translation in the DOM; both User Timing marks in the page',
        'asr-share / function-share: per utterance, that part ÷ the whole cut → shown time (median of per-utterance shares)',
        'one decode per utterance: PocketSphinx starts at the onset (with the pre-roll) and reads the audio as it arrives; at the cut only the end of the search is left ("ASR tail")',
        `listened ${(s.listenedMs / 1000).toFixed(0)} s of a ${wav.seconds.toFixed(0)} s WAV (${wav.sentences.length} flite sentences, 2 s pauses, looped by the fake capture device); wasm only (no WebGPU flags)`,
        `${all.length} utterances cut → shown; ${s.utterances.filter((u) => u.status !== 'done').length} not done`,
        ...kept.slice(0, 4).map((t) => `${t.id}: ${Math.round(t.total)} ms = catch-up ${Math.round(t.catchUp)} + asr tail ${Math.round(t.asr)} + redact ${Math.round(t.redact)} + hold ${Math.round(t.hold)} + fn ${Math.round(t.fn)} + render ${Math.round(t.render)} (clip ${Math.round(t.clipMs)} ms)`),
      ],
    };
  },
});
