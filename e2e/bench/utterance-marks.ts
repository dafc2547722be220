/**
 * Turns the speech-translate app's User Timing marks (apps/speech-translate/src/latency-marks.ts)
 * into one timeline per utterance, for the latency benchmark (issue 10 #6). Pure, unit-tested in
 * __tests__/utterance-marks.test.ts.
 *
 * Linking: continuous listening marks `cut` k when it hands its k-th utterance audio to the session;
 * the session marks `input` n for every input it receives, in the order received; microphone inputs
 * are received in cut order, so the k-th microphone input is the k-th cut. Utterances carry their
 * input number (`transcribed`) and their id (`translate-start`, `translated`, `shown`).
 */

export interface LatencyMark {
  name: string;
  startTime: number;
  detail: Record<string, string | number> | null;
}

/**
 * One utterance, every time in ms on the page's clock, every span contiguous:
 * cut → wait → vad → asr + redact + pipeline → hold → function → render = shown.
 */
export interface UtteranceTimeline {
  id: string;
  input: number;
  cut: number;
  /** When the last speech sample reached the page, estimated at the cut (see microphone-input.ts). */
  speechEnd: number;
  shown: number;
  /** cut → shown: the headline. */
  total: number;
  /** speech end → shown: adds the end-of-speech wait (silence needed + the 1 s check cadence). */
  fromSpeechEnd: number;
  /** Queue behind the previous input plus hand-over, until the session's VAD pass starts. */
  wait: number;
  /** The session's VAD pass over the cut audio. */
  vad: number;
  /** PocketSphinx over the whole utterance, from the first fed chunk to the final hypothesis. */
  asr: number;
  redact: number;
  /**
   * The rest of the listen pipeline between VAD and transcript: router, boundary, trace, and the
   * transcribe stage's wait for the recogniser (the app's live preview shares it).
   */
  pipeline: number;
  /** Transcript ready → translation requested: punctuation, and other utterances of the same input first. */
  hold: number;
  /** The translate stage: router, privacy boundary, functions client, HTTP to apertium and back. */
  fn: number;
  /** Answer back → placeholders restored and the utterance re-rendered in the DOM. */
  render: number;
  clipMs: number;
  audioBytes: number;
  bytesSent: number;
}

const num = (m: LatencyMark | undefined, key: string): number => {
  const v = m?.detail?.[key];
  return typeof v === 'number' ? v : Number.NaN;
};

export function utteranceTimelines(marks: readonly LatencyMark[]): UtteranceTimeline[] {
  const of = (phase: string) => marks.filter((m) => m.name === `tandem:${phase}`);
  const cuts = of('cut');
  const micInputs = of('input').filter((m) => m.detail?.origin === 'microphone');
  const cutByInput = new Map<number, LatencyMark>();
  micInputs.forEach((m, k) => {
    const cut = cuts[k];
    if (cut) cutByInput.set(num(m, 'input'), cut);
  });
  const vadByInput = new Map(of('vad').map((m) => [num(m, 'input'), m]));
  const firstById = (phase: string) => {
    const byId = new Map<string, LatencyMark>();
    for (const m of of(phase)) {
      const id = String(m.detail?.id);
      if (!byId.has(id)) byId.set(id, m);
    }
    return byId;
  };
  const starts = firstById('translate-start');
  const answers = firstById('translated');
  const shown = firstById('shown');

  const out: UtteranceTimeline[] = [];
  for (const t of of('transcribed')) {
    const id = String(t.detail?.id);
    const input = num(t, 'input');
    const cut = cutByInput.get(input);
    const vad = vadByInput.get(input);
    const start = starts.get(id);
    const answer = answers.get(id);
    const show = shown.get(id);
    if (!cut || !vad || !start || !answer || !show) continue;
    const vadMs = num(vad, 'runMs');
    const asr = num(t, 'asrMs');
    const redact = num(t, 'redactMs');
    const listen = t.startTime - vad.startTime;
    out.push({
      id,
      input,
      cut: cut.startTime,
      speechEnd: num(cut, 'speechEndAt'),
      shown: show.startTime,
      total: show.startTime - cut.startTime,
      fromSpeechEnd: show.startTime - num(cut, 'speechEndAt'),
      wait: vad.startTime - vadMs - cut.startTime,
      vad: vadMs,
      asr,
      redact,
      pipeline: listen - asr - redact,
      hold: start.startTime - t.startTime,
      fn: answer.startTime - start.startTime,
      render: show.startTime - answer.startTime,
      clipMs: num(cut, 'clipMs'),
      audioBytes: num(t, 'audioBytes'),
      bytesSent: num(answer, 'bytesSent'),
    });
  }
  return out.sort((a, b) => a.cut - b.cut || a.shown - b.shown);
}
