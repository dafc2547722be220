/**
 * Turns per-frame speech probabilities into speech spans, the way Silero's own
 * `get_speech_timestamps` does: enter speech at `threshold`, leave it only after `minSilenceMs`
 * below a lower `negThreshold` (hysteresis, so a breath does not cut an utterance), drop spans
 * shorter than `minSpeechMs`, then pad each side by `speechPadMs` without overlapping neighbours.
 */
export interface SpeechSegmenterOptions {
  /** Probability at or above which a frame is speech. Default 0.5. */
  threshold: number;
  /** Probability below which a frame counts as silence. Default threshold − 0.15. */
  negThreshold: number;
  /** Shorter spans are dropped. Default 250 ms. */
  minSpeechMs: number;
  /** Silence needed to end a span. Default 100 ms. */
  minSilenceMs: number;
  /** Added on each side of a span (split evenly when two spans would overlap). Default 30 ms. */
  speechPadMs: number;
  sampleRate: number;
  /** Samples per probability. Silero v5 at 16 kHz: 512. */
  frameSamples: number;
}

export interface SpeechSpan {
  startSample: number;
  endSample: number;
  startMs: number;
  endMs: number;
}

export function segmenterOptions(overrides: Partial<SpeechSegmenterOptions> = {}): SpeechSegmenterOptions {
  const threshold = overrides.threshold ?? 0.5;
  return {
    threshold,
    negThreshold: overrides.negThreshold ?? Math.max(0.01, threshold - 0.15),
    minSpeechMs: overrides.minSpeechMs ?? 250,
    minSilenceMs: overrides.minSilenceMs ?? 100,
    speechPadMs: overrides.speechPadMs ?? 30,
    sampleRate: overrides.sampleRate ?? 16_000,
    frameSamples: overrides.frameSamples ?? 512,
  };
}

export function segmentSpeech(
  probabilities: ArrayLike<number>,
  totalSamples: number,
  overrides: Partial<SpeechSegmenterOptions> = {},
): SpeechSpan[] {
  const o = segmenterOptions(overrides);
  const perMs = o.sampleRate / 1000;
  const minSpeech = o.minSpeechMs * perMs;
  const minSilence = o.minSilenceMs * perMs;
  const pad = Math.round(o.speechPadMs * perMs);
  const raw: { start: number; end: number }[] = [];
  let start = -1;
  let silenceFrom = -1;
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i]!;
    const at = i * o.frameSamples;
    if (p >= o.threshold) {
      silenceFrom = -1;
      if (start < 0) start = at;
      continue;
    }
    if (start >= 0 && p < o.negThreshold) {
      if (silenceFrom < 0) silenceFrom = at;
      if (at + o.frameSamples - silenceFrom < minSilence) continue;
      if (silenceFrom - start >= minSpeech) raw.push({ start, end: silenceFrom });
      start = -1;
      silenceFrom = -1;
    }
  }
  if (start >= 0 && totalSamples - start >= minSpeech) raw.push({ start, end: silenceFrom >= 0 ? silenceFrom : totalSamples });

  return raw.map((span, i) => {
    const previous = raw[i - 1];
    const next = raw[i + 1];
    const startPad = previous ? Math.min(pad, Math.floor((span.start - previous.end) / 2)) : pad;
    const endPad = next ? Math.min(pad, Math.floor((next.start - span.end) / 2)) : pad;
    const startSample = Math.max(0, span.start - startPad);
    const endSample = Math.min(totalSamples, span.end + endPad);
    return { startSample, endSample, startMs: startSample / perMs, endMs: endSample / perMs };
  });
}
