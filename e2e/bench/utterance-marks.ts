/**
 * Turns the speech-translate app's User Timing marks (apps/speech-translate/src/latency-marks.ts)
 * into one timeline per utterance, for the latency benchmark (issue 10 #6, issue 12). Pure,
 * unit-tested in __tests__/utterance-marks.test.ts.
 *
 * Linking: every mark of an utterance carries its id: `cut` when the live endpointer ends it (its
 * decode began at the onset and has only the end left), `transcribed` when its transcript is
 * recognised and redacted, `translate-start`, `translated`, `shown`.
 */

export interface LatencyMark {
  name: string;
  startTime: number;
  detail: Record<string, string | number> | null;
}

/**
 * One utterance, every time in ms on the page's clock, every span contiguous:
 * cut → catch-up → ASR tail → redact → hold → function → render = shown.
 */
export interface UtteranceTimeline {
  id: string;
  input: number;
  cut: number;
  /** When the last speech sample reached the page, estimated at the cut (speech-session.ts). */
  speechEnd: number;
  shown: number;
  /** cut → shown: the headline. */
  total: number;
  /** speech end → shown: adds the end-of-speech wait (the silence the endpointer waits for). */
  fromSpeechEnd: number;
  /**
   * Cut → the recogniser has read the utterance's last audio, plus the router and trace around the
   * stages: near zero when the decode keeps up with the audio, the backlog when it does not.
   */
  catchUp: number;
  /** The recogniser's last audio → its final hypothesis: the end of the search, all the cut waits for. */
  asr: number;
  redact: number;
  /** Transcript ready → translation requested: punctuation, and an earlier utterance's translation first. */
  hold: number;
  /** The translate stage: router, privacy boundary, functions client, HTTP to apertium and back. */
  fn: number;
  /** Answer back → placeholders restored and the utterance re-rendered in the DOM. */
  render: number;
  /** The whole decode (onset → final) and the audio it read, for the real-time factor. */
  decodeMs: number;
  clipMs: number;
  audioBytes: number;
  bytesSent: number;
}

const num = (m: LatencyMark | undefined, key: string): number => {
  const v = m?.detail?.[key];
  return typeof v === 'number' ? v : Number.NaN;
};

export function utteranceTimelines(marks: readonly LatencyMark[]): UtteranceTimeline[] {
  const firstById = (phase: string) => {
    const byId = new Map<string, LatencyMark>();
    for (const m of marks) {
      if (m.name !== `tandem:${phase}`) continue;
      const id = String(m.detail?.id);
      if (!byId.has(id)) byId.set(id, m);
    }
    return byId;
  };
  const cuts = firstById('cut');
  const transcribed = firstById('transcribed');
  const starts = firstById('translate-start');
  const answers = firstById('translated');
  const shown = firstById('shown');

  const out: UtteranceTimeline[] = [];
  for (const [id, cut] of cuts) {
    const t = transcribed.get(id);
    const start = starts.get(id);
    const answer = answers.get(id);
    const show = shown.get(id);
    if (!t || !start || !answer || !show) continue;
    const asr = num(t, 'asrTailMs');
    const redact = num(t, 'redactMs');
    out.push({
      id,
      input: num(t, 'input'),
      cut: cut.startTime,
      speechEnd: num(cut, 'speechEndAt'),
      shown: show.startTime,
      total: show.startTime - cut.startTime,
      fromSpeechEnd: show.startTime - num(cut, 'speechEndAt'),
      catchUp: t.startTime - cut.startTime - asr - redact,
      asr,
      redact,
      hold: start.startTime - t.startTime,
      fn: answer.startTime - start.startTime,
      render: show.startTime - answer.startTime,
      decodeMs: num(t, 'asrMs'),
      clipMs: num(cut, 'clipMs'),
      audioBytes: num(t, 'audioBytes'),
      bytesSent: num(answer, 'bytesSent'),
    });
  }
  return out.sort((a, b) => a.cut - b.cut || a.shown - b.shown);
}
