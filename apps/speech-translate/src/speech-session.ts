/**
 * Runs the pipelines for one input (a file, a sample, a stretch of microphone audio): VAD cuts it
 * into utterances, each is transcribed and redacted on the device, the redacted text is
 * punctuated (on the device or in the function, as the policy says) and only that is offered to
 * the translate function. The session holds the on-device state (transcripts and
 * placeholder mappings) the UI shows; none of it is ever part of a request.
 */
import { explainDecision, isPlacementError, raw, type Labelled, type PipelineOutcome, type PipelineResult, type PlacementDecision, type Raw, type Sanitized } from '@tandem/core';
import type { TranslateClient } from '@tandem/functions-client';
import type { SanitizedTranscript } from '@tandem/redaction';
import type { SpeechPipelines, TargetLanguage, UiPolicy } from './speech-pipeline.ts';
import { markLatency } from './latency-marks.ts';
import { rowFromTrace, type StageRow, type Utterance } from './utterance.ts';

const SAMPLE_RATE = 16_000;
/**
 * Audio is counted one way everywhere the user sees it (the "kept on device" counter, each
 * utterance, the vad and transcribe rows of its trace): 16 kHz samples as the 16-bit PCM they
 * would be if uploaded, 2 bytes each. Core's trace measures the Float32Array the stages read
 * (4 bytes a sample, plus the segmenter settings), which is memory, not what was kept from the wire.
 */
const PCM_BYTES_PER_SAMPLE = 2;

/** A trace row for a stage that read audio: its "bytes in" is that audio, counted as above. */
function audioRow(row: StageRow, samples: number): StageRow {
  return { ...row, bytesIn: samples * PCM_BYTES_PER_SAMPLE };
}
/**
 * Generous padding and a pause of 300 ms before a cut: the recogniser loses a word's first
 * phoneme when an utterance starts exactly at the VAD's onset (seen with 30 ms: "please" → "lee's").
 */
const SEGMENTER = { speechPadMs: 250, minSilenceMs: 300, minSpeechMs: 250 };

export interface SessionTotals {
  /**
   * Bytes of audio that stayed on the device: every sample of every input (speech or not), as
   * 16-bit PCM at 16 kHz. Equals the sum of each input's vad "bytes in".
   */
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
  onPartial: (text: string, utterance: Utterance) => void;
  onTotals: (totals: SessionTotals) => void;
  /** Cards numbered before this page (restored after a reload): new ones continue after them. */
  firstIndex?: number;
}

export interface SpeechSession {
  /** Cuts `audio` into utterances and runs each through the pipelines; resolves when all are final. */
  process(audio: Raw<Float32Array>, origin: string): Promise<Utterance[]>;
  /** Sends a held utterance's redacted text now that the policy allows it. */
  translateAgain(id: string): Promise<void>;
  readonly utterances: ReadonlyMap<string, Utterance>;
  readonly totals: SessionTotals;
}

export function createSpeechSession(options: SpeechSessionOptions): SpeechSession {
  const { pipelines, client } = options;
  const utterances = new Map<string, Utterance>();
  const sanitizedById = new Map<string, Sanitized<SanitizedTranscript>>();
  const totals: SessionTotals = { audioBytesKept: 0, bytesSent: 0, utterances: 0 };
  let translating: Utterance | undefined;
  let counter = options.firstIndex ?? 0;
  let inputs = 0;
  // Inputs are handled one after another, so utterances appear in the order they were spoken.
  let chain: Promise<unknown> = Promise.resolve();

  client.on('queued', ({ id }) => {
    if (!translating) return;
    // The queue id is how the card finds its translation when it is delivered after a reload.
    translating.queueId = id;
    if (translating.status === 'translating') {
      translating.status = 'queued';
      translating.message = 'Waiting for the translate function: queued on this device, sent once when it is reachable.';
    }
    options.onChange(translating);
  });

  const changed = (u: Utterance) => options.onChange(u);

  /**
   * Punctuates the redacted text where the policy puts it (device or function: the one stage
   * with both), then translates it in the function. Offline (or with the circuit open) the router
   * defers the translation into the functions client's offline queue: the card shows it pending
   * and fills in when the queued request is delivered.
   */
  async function translate(u: Utterance): Promise<void> {
    const redacted = sanitizedById.get(u.id);
    if (!redacted) return;
    const mode = options.policy();
    const target = options.target();
    u.policy = mode;
    u.target = target;
    u.rows = u.rows.filter((r) => r.stage !== 'translate' && r.stage !== pipelines.stages.punctuate.name);
    u.status = 'translating';
    u.message = undefined;
    changed(u);
    const tandem = pipelines.tandemFor(mode);
    translating = u;
    try {
      const polished = await tandem.run(pipelines.polish, redacted);
      u.decisions.push(...polished.decisions);
      u.explanations.push(...polished.explanations);
      for (const t of polished.trace.stages) u.rows.push(rowFromTrace(t, `rule-based · ${t.modelId ?? ''}`));
      totals.bytesSent += polished.trace.totals.bytesSentOffDevice;
      // What leaves the device for translation: the punctuated redacted text.
      const sendable = polished.output;
      u.redactedText = sendable.value.text;
      u.transcript = pipelines.redactor.restore(sendable.value.text, redacted.value).text;
      changed(u);

      markLatency('translate-start', { id: u.id });
      let outcome: PipelineOutcome<string, 'sanitized'>;
      let decided: PlacementDecision | undefined;
      try {
        outcome = await tandem.start(pipelines.translation, sendable, { params: { translate: { source: 'eng', target } }, onDecision: (d) => {
          decided = d;
        } });
      } catch (error) {
        if (!isPlacementError(error)) throw error;
        if (decided?.stage === 'translate') {
          u.decisions.push(decided);
          u.explanations.push(explainDecision(decided));
        }
        u.status = 'held';
        u.message =
          mode === 'local-only'
            ? 'Not sent: the local-only policy keeps everything on this device, and translation runs only in the function. Switch the policy to send the redacted text.'
            : `Not sent: ${error.message}`;
        u.rows.push({ stage: 'translate', where: 'not run', backend: '—', ms: 0, bytesIn: 0, bytesSent: 0, detail: 'refused by the policy: nothing left the device' });
        return;
      }
      let result: PipelineResult<string, 'sanitized'>;
      if (outcome.status === 'deferred') {
        u.status = 'queued';
        u.message = `${outcome.decision.rule === 'defer:offline' ? 'Offline' : 'The translate function is unreachable'}: the redacted text is queued on this device and translated when the connection is back.`;
        u.rows.push({ stage: 'translate', where: 'not run', backend: 'queue', ms: 0, bytesIn: 0, bytesSent: 0, detail: `deferred (${outcome.decision.rule}): waiting in the offline queue` });
        // The card keeps the pending decision: if the page closes before delivery, the next one
        // settles it from this copy (see delivered-after-reload.ts).
        const pendingAt = u.decisions.push(outcome.decision) - 1;
        u.explanations.push(explainDecision(outcome.decision));
        changed(u);
        result = await outcome.completion;
        u.decisions.splice(pendingAt, 1);
        u.explanations.splice(pendingAt, 1);
        u.rows = u.rows.filter((r) => r.stage !== 'translate');
      } else {
        result = outcome;
      }
      u.decisions.push(...result.decisions);
      u.explanations.push(...result.explanations);
      const translation = result.output.value;
      const t = result.trace.stages.at(-1)!;
      markLatency('translated', { id: u.id, runMs: t.runMs, bytesSent: t.bytesSentOffDevice });
      const pair = `eng→${String(t.params?.target ?? target)}`;
      const row = rowFromTrace(t, t.deferred ? `delivered from the offline queue · ${pair}` : `apertium · ${pair}`);
      const restored = pipelines.redactor.restore(translation, redacted.value);
      u.translation = restored.text;
      u.translatedRedacted = translation;
      u.missingPlaceholders = [...restored.missing];
      u.rows.push(row);
      totals.bytesSent += row.bytesSent;
      u.status = 'done';
      u.message = restored.missing.length > 0 ? `The translator dropped ${restored.missing.join(', ')}.` : undefined;
    } catch (error) {
      u.status = 'failed';
      u.message = error instanceof Error ? error.message : String(error);
    } finally {
      if (translating === u) translating = undefined;
      changed(u);
      options.onTotals(totals);
    }
  }

  async function processNow(audio: Raw<Float32Array>, origin: string, input: number): Promise<Utterance[]> {
    const samples = audio.value;
    totals.audioBytesKept += samples.length * PCM_BYTES_PER_SAMPLE;
    options.onTotals(totals);
    const mode = options.policy();
    const target = options.target();
    const tandem = pipelines.tandemFor(mode);
    const detected = await tandem.run(pipelines.detectSpeech, raw({ audio: samples.slice(), segmenter: SEGMENTER }), { stageTimeoutMs: 120_000 });
    const vadTrace = detected.trace.stages.at(-1)!;
    const spans = detected.output.value.spans;
    markLatency('vad', { input, spans: spans.length, runMs: vadTrace.runMs });
    const done: Utterance[] = [];
    for (const span of spans) {
      const clip = samples.slice(span.startSample, span.endSample);
      const u: Utterance = {
        id: `u${++counter}`,
        index: counter,
        origin,
        startS: span.startSample / SAMPLE_RATE,
        endS: span.endSample / SAMPLE_RATE,
        audioBytes: clip.length * PCM_BYTES_PER_SAMPLE,
        partial: '',
        target,
        policy: mode,
        status: 'transcribing',
        rows: [
          {
            ...audioRow(rowFromTrace(vadTrace), samples.length),
            detail: `${spans.length} speech span${spans.length === 1 ? '' : 's'} in ${(samples.length / SAMPLE_RATE).toFixed(1)} s · ${vadTrace.modelId ?? 'silero'}`,
          },
        ],
        decisions: [...detected.decisions],
        explanations: [...detected.explanations],
      };
      utterances.set(u.id, u);
      totals.utterances++;
      options.onTotals(totals);
      changed(u);
      try {
        const listened = await tandem.run(pipelines.listen, raw(clip), {
          stageTimeoutMs: 120_000,
          onPartial: (stage, partial) => {
            if (stage !== 'transcribe' || typeof partial !== 'string') return;
            u.partial = partial;
            options.onPartial(partial, u);
            changed(u);
          },
        });
        u.decisions.push(...listened.decisions);
        u.explanations.push(...listened.explanations);
        for (const t of listened.trace.stages) u.rows.push(t.stage === 'transcribe' ? audioRow(rowFromTrace(t), clip.length) : rowFromTrace(t));
        const ran = (stage: string) => listened.trace.stages.find((t) => t.stage === stage)?.runMs ?? -1;
        markLatency('transcribed', { input, id: u.id, audioBytes: u.audioBytes, asrMs: ran('transcribe'), redactMs: ran(pipelines.redactor.stage.name) });
        const sanitized = listened.output as Labelled<SanitizedTranscript, 'sanitized'> as Sanitized<SanitizedTranscript>;
        u.mapping = pipelines.redactor.mappingFor(sanitized.value);
        u.redactedText = sanitized.value.text;
        u.transcript = pipelines.redactor.restore(sanitized.value.text, sanitized.value).text;
        sanitizedById.set(u.id, sanitized);
        changed(u);
        done.push(u);
      } catch (error) {
        u.status = 'failed';
        u.message = error instanceof Error ? error.message : String(error);
        changed(u);
      }
    }
    // Translations after all transcripts: the device work of one input finishes first, and a
    // slow or queued translation never holds up the next utterance's transcript.
    for (const u of done) await translate(u);
    return done;
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
