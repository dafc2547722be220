/**
 * The session behind the page: every input (a sample, a file, push-to-talk, continuous listening)
 * is a stream of 16 kHz audio through the one live speech pipeline (@tandem/speech's `listen`):
 * Silero once per frame, one PocketSphinx decode per utterance from its onset, redaction on the
 * device. Each utterance becomes a card at its cut; its redacted transcript is then translated
 * (translate-utterance.ts). The session holds the on-device state the UI shows (transcripts and
 * placeholder mappings); none of it is ever part of a request.
 */
import { TraceRecorder, type Labelled, type Sanitized, type StageTrace, type StreamSource } from '@tandem/core';
import type { TranslateClient } from '@tandem/functions-client';
import type { SanitizedTranscript } from '@tandem/redaction';
import type { SpeechClose, SpeechOpen } from '@tandem/runtime-onnx';
import { listen, type ListenEvent } from '@tandem/speech';
import { markLatency } from './latency-marks.ts';
import type { SpeechPipelines, TargetLanguage, UiPolicy } from './speech-pipeline.ts';
import { translateUtterance, type TranslateStep } from './translate-utterance.ts';
import { rowFromTrace, type StageRow, type Utterance } from './utterance.ts';

const SAMPLE_RATE = 16_000;
/**
 * Audio is counted one way everywhere the user sees it (the "kept on device" counter, each
 * utterance, the vad and transcribe rows of its trace): 16 kHz samples as the 16-bit PCM they
 * would be if uploaded, 2 bytes each. Core's trace measures what the stages read in memory.
 */
const PCM_BYTES_PER_SAMPLE = 2;

export interface SessionTotals {
  /** Bytes of audio that stayed on the device: every sample of every input, as 16-bit PCM at 16 kHz. */
  audioBytesKept: number;
  /** Bytes of request bodies that left the device. */
  bytesSent: number;
  utterances: number;
}

export interface SpeechSessionOptions {
  pipelines: SpeechPipelines;
  client: TranslateClient;
  policy: () => UiPolicy;
  target: () => TargetLanguage;
  onChange: (utterance: Utterance) => void;
  /** The words heard so far in the utterance being decoded (`origin` is the input's). */
  onPartial: (text: string, origin: string) => void;
  onTotals: (totals: SessionTotals) => void;
  /** Cards numbered before this page (restored after a reload): new ones continue after them. */
  firstIndex?: number;
}

export interface SpeechSession {
  /**
   * Listens to `audio` until it ends (a file's last chunk, a microphone's stop) and resolves with
   * its utterances once each is translated, held or queued. Inputs take turns, in order.
   */
  process(audio: StreamSource<Labelled<Float32Array, 'raw'>>, origin: string): Promise<Utterance[]>;
  /** Sends a held utterance's redacted text now that the policy allows it. */
  translateAgain(id: string): Promise<void>;
  readonly utterances: ReadonlyMap<string, Utterance>;
  readonly totals: SessionTotals;
}

type Heard = ListenEvent<SanitizedTranscript, 'sanitized', SpeechOpen, SpeechClose>;

/** The card's vad row: Silero over the whole input, once per frame, as the endpoint calls report. */
function vadRow(calls: readonly StageTrace[], samples: number): StageRow {
  const last = calls.at(-1) as (StageTrace & { framesRun?: number; framesHeard?: number }) | undefined;
  const ms = calls.reduce((a, t) => a + t.runMs, 0);
  return {
    stage: 'vad',
    where: 'device',
    backend: last?.backend ?? 'wasm',
    ms,
    bytesIn: samples * PCM_BYTES_PER_SAMPLE,
    bytesSent: 0,
    detail: `${last?.framesRun ?? '?'} Silero frames for ${last?.framesHeard ?? '?'} heard in ${(samples / SAMPLE_RATE).toFixed(1)} s · ${last?.modelId ?? 'silero'}`,
  };
}

export function createSpeechSession(options: SpeechSessionOptions): SpeechSession {
  const { pipelines, client } = options;
  const utterances = new Map<string, Utterance>();
  const sanitizedById = new Map<string, Sanitized<SanitizedTranscript>>();
  const totals: SessionTotals = { audioBytesKept: 0, bytesSent: 0, utterances: 0 };
  let sending: Utterance | undefined;
  let counter = options.firstIndex ?? 0;
  let inputs = 0;
  let chain: Promise<unknown> = Promise.resolve();
  // Translations one at a time, in order: the client's `queued` event belongs to the one sending.
  let translations: Promise<unknown> = Promise.resolve();
  const changed = (u: Utterance): void => options.onChange(u);

  client.on('queued', ({ id }) => {
    if (!sending) return;
    // The queue id is how the card finds its translation when it is delivered after a reload.
    sending.queueId = id;
    if (sending.status === 'translating') {
      sending.status = 'queued';
      sending.message = 'Waiting for the translate function: queued on this device, sent once when it is reachable.';
    }
    changed(sending);
  });

  const step: TranslateStep = {
    pipelines,
    policy: options.policy,
    target: options.target,
    changed,
    sent: (bytes) => {
      totals.bytesSent += bytes;
      options.onTotals(totals);
    },
    sending: (u) => {
      sending = u;
    },
  };
  function translate(u: Utterance): Promise<void> {
    const redacted = sanitizedById.get(u.id);
    if (!redacted) return Promise.resolve();
    const job = translations.then(() => translateUtterance(step, u, redacted));
    translations = job.catch(() => undefined);
    return job;
  }

  /** A card at the cut: the speech is over, the end of its decode is left. */
  function cutCard(e: Extract<Heard, { type: 'cut' }>, origin: string): Utterance {
    const close = e.close.meta;
    const u: Utterance = {
      id: `u${++counter}`,
      index: counter,
      origin,
      startS: close.startMs / 1000,
      endS: close.endMs / 1000,
      audioBytes: (close.endSample - close.startSample) * PCM_BYTES_PER_SAMPLE,
      partial: '',
      target: options.target(),
      policy: options.policy(),
      status: 'transcribing',
      rows: [],
      decisions: [],
      explanations: [],
    };
    // When the last speech sample arrived: the cut's time minus the silence heard after it.
    const speechEndAt = e.at - (close.decidedAtSample - close.speechEndMs * (SAMPLE_RATE / 1000)) / (SAMPLE_RATE / 1000);
    markLatency('cut', { id: u.id, speechEndAt, clipMs: close.endMs - close.startMs });
    utterances.set(u.id, u);
    totals.utterances++;
    options.onTotals(totals);
    changed(u);
    return u;
  }

  /** The card once its transcript is recognised and redacted on the device. */
  function heardCard(u: Utterance, e: Extract<Heard, { type: 'result' }>, input: number): void {
    const outcome = e.outcome;
    if (outcome.status !== 'done') {
      u.status = 'failed';
      u.message = outcome.status === 'failed' ? (outcome.error instanceof Error ? outcome.error.message : String(outcome.error)) : 'deferred on the device';
      changed(u);
      return;
    }
    u.decisions.push(...outcome.decisions);
    u.explanations.push(...outcome.explanations);
    for (const t of outcome.trace.stages) u.rows.push(t.stage === 'transcribe' ? { ...rowFromTrace(t), bytesIn: u.audioBytes } : rowFromTrace(t));
    const ran = (stage: string) => outcome.trace.stages.find((t) => t.stage === stage);
    const asr = ran('transcribe') as (StageTrace & { tailMs?: number }) | undefined;
    markLatency('transcribed', { input, id: u.id, audioBytes: u.audioBytes, asrMs: asr?.runMs ?? -1, asrTailMs: asr?.tailMs ?? -1, redactMs: ran(pipelines.redactor.stage.name)?.runMs ?? -1 });
    // The redactor is the pipeline's sanitizer: its output is the one value allowed to leave.
    const sanitized = outcome.output as Sanitized<SanitizedTranscript>;
    u.mapping = pipelines.redactor.mappingFor(sanitized.value);
    u.redactedText = sanitized.value.text;
    u.transcript = pipelines.redactor.restore(sanitized.value.text, sanitized.value).text;
    sanitizedById.set(u.id, sanitized);
    changed(u);
  }

  async function processNow(audio: StreamSource<Labelled<Float32Array, 'raw'>>, origin: string, input: number): Promise<Utterance[]> {
    const tandem = pipelines.tandemFor(options.policy());
    const cards = new Map<number, Utterance>();
    const pending: Promise<void>[] = [];
    let kept = 0;
    const counted = (async function* () {
      for await (const chunk of audio as AsyncIterable<Labelled<Float32Array, 'raw'>>) {
        kept += chunk.value.length;
        totals.audioBytesKept += chunk.value.length * PCM_BYTES_PER_SAMPLE;
        options.onTotals(totals);
        yield chunk;
      }
    })();
    const heard = listen(tandem, pipelines.speech, pipelines.listen, counted, { recorder: new TraceRecorder('listen'), stageTimeoutMs: 120_000 });
    let calls: readonly StageTrace[] = [];
    for (;;) {
      const next = await heard.next();
      if (next.done === true) {
        calls = next.value.endpointCalls;
        break;
      }
      const e = next.value;
      if (e.type === 'cut') cards.set(e.index, cutCard(e, origin));
      else if (e.type === 'partial') {
        const u = cards.get(e.index);
        if (u) u.partial = e.text;
        options.onPartial(e.text, origin);
      } else {
        const u = cards.get(e.index);
        if (!u) continue;
        u.rows.unshift(vadRow([], kept));
        heardCard(u, e, input);
        if (u.status !== 'failed') pending.push(translate(u));
      }
    }
    const last = calls.at(-1) as (StageTrace & { framesRun?: number; framesHeard?: number }) | undefined;
    markLatency('listened', { input, samples: kept, framesRun: last?.framesRun ?? -1, framesHeard: last?.framesHeard ?? -1, utterances: cards.size });
    // The vad row shows the whole input (Silero heard all of it), known now that it ended.
    for (const u of cards.values()) {
      u.rows = [vadRow(calls, kept), ...u.rows.filter((r) => r.stage !== 'vad')];
      changed(u);
    }
    await Promise.all(pending);
    return [...cards.values()];
  }

  return {
    process(audio, origin) {
      const input = ++inputs;
      markLatency('input', { input, origin });
      const job = chain.then(() => processNow(audio, origin, input));
      chain = job.catch(() => undefined);
      return job;
    },
    async translateAgain(id) {
      const u = utterances.get(id);
      if (u) await translate(u);
    },
    utterances,
    totals,
  };
}
