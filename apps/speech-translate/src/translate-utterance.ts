/**
 * An utterance card's translation: the redacted transcript is punctuated where the policy puts it
 * (device or function: the one stage with both sides), then translated in the function. Offline,
 * or with the circuit open, the router defers it into the functions client's offline queue: the
 * card shows it pending and fills in when the queued request is delivered. Under local-only the
 * router refuses it and the card is held. Everything here updates the card; nothing else is sent.
 */
import { explainDecision, isPlacementError, type PipelineOutcome, type PipelineResult, type PlacementDecision, type Sanitized } from '@tandem/core';
import type { SanitizedTranscript } from '@tandem/redaction';
import { markLatency } from './latency-marks.ts';
import type { SpeechPipelines, TargetLanguage, UiPolicy } from './speech-pipeline.ts';
import { rowFromTrace, type Utterance } from './utterance.ts';

export interface TranslateStep {
  pipelines: SpeechPipelines;
  policy: () => UiPolicy;
  target: () => TargetLanguage;
  changed: (u: Utterance) => void;
  /** Bytes of request bodies that left the device, added up for the session's counter. */
  sent: (bytes: number) => void;
  /** The utterance whose request is being handed to the client (the client's `queued` event names no card). */
  sending: (u: Utterance | undefined) => void;
}

/** Punctuation where the policy says; the card shows the punctuated redacted text. */
async function polish(step: TranslateStep, u: Utterance, redacted: Sanitized<SanitizedTranscript>, mode: UiPolicy) {
  const { pipelines } = step;
  const polished = await pipelines.tandemFor(mode).run(pipelines.polish, redacted);
  u.decisions.push(...polished.decisions);
  u.explanations.push(...polished.explanations);
  for (const t of polished.trace.stages) u.rows.push(rowFromTrace(t, `rule-based · ${t.modelId ?? ''}`));
  step.sent(polished.trace.totals.bytesSentOffDevice);
  u.redactedText = polished.output.value.text;
  u.transcript = pipelines.redactor.restore(polished.output.value.text, redacted.value).text;
  step.changed(u);
  return polished.output;
}

function hold(u: Utterance, mode: UiPolicy, error: Error, decided: PlacementDecision | undefined): void {
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
}

/** Waits for a deferred translation in the offline queue, showing it pending meanwhile. */
async function whenDelivered(step: TranslateStep, u: Utterance, outcome: Extract<PipelineOutcome<string, 'sanitized'>, { status: 'deferred' }>) {
  u.status = 'queued';
  u.message = `${outcome.decision.rule === 'defer:offline' ? 'Offline' : 'The translate function is unreachable'}: the redacted text is queued on this device and translated when the connection is back.`;
  u.rows.push({ stage: 'translate', where: 'not run', backend: 'queue', ms: 0, bytesIn: 0, bytesSent: 0, detail: `deferred (${outcome.decision.rule}): waiting in the offline queue` });
  // The card keeps the pending decision: if the page closes before delivery, the next one
  // settles it from this copy (see delivered-after-reload.ts).
  const pendingAt = u.decisions.push(outcome.decision) - 1;
  u.explanations.push(explainDecision(outcome.decision));
  step.changed(u);
  const result = await outcome.completion;
  u.decisions.splice(pendingAt, 1);
  u.explanations.splice(pendingAt, 1);
  u.rows = u.rows.filter((r) => r.stage !== 'translate');
  return result;
}

function showTranslation(step: TranslateStep, u: Utterance, result: PipelineResult<string, 'sanitized'>, redacted: Sanitized<SanitizedTranscript>, target: TargetLanguage): void {
  u.decisions.push(...result.decisions);
  u.explanations.push(...result.explanations);
  const t = result.trace.stages.at(-1)!;
  markLatency('translated', { id: u.id, runMs: t.runMs, bytesSent: t.bytesSentOffDevice });
  const pair = `eng→${String(t.params?.target ?? target)}`;
  const row = rowFromTrace(t, t.deferred ? `delivered from the offline queue · ${pair}` : `apertium · ${pair}`);
  const restored = step.pipelines.redactor.restore(result.output.value, redacted.value);
  u.translation = restored.text;
  u.translatedRedacted = result.output.value;
  u.missingPlaceholders = [...restored.missing];
  u.rows.push(row);
  step.sent(row.bytesSent);
  u.status = 'done';
  u.message = restored.missing.length > 0 ? `The translator dropped ${restored.missing.join(', ')}.` : undefined;
}

/** Translates one card's redacted transcript under the policy and target chosen now. */
export async function translateUtterance(step: TranslateStep, u: Utterance, redacted: Sanitized<SanitizedTranscript>): Promise<void> {
  const { pipelines } = step;
  const mode = step.policy();
  const target = step.target();
  u.policy = mode;
  u.target = target;
  u.rows = u.rows.filter((r) => r.stage !== 'translate' && r.stage !== pipelines.stages.punctuate.name);
  u.status = 'translating';
  u.message = undefined;
  step.changed(u);
  step.sending(u);
  try {
    const sendable = await polish(step, u, redacted, mode);
    markLatency('translate-start', { id: u.id });
    let decided: PlacementDecision | undefined;
    let outcome: PipelineOutcome<string, 'sanitized'>;
    try {
      outcome = await pipelines.tandemFor(mode).start(pipelines.translation, sendable, {
        params: { translate: { source: 'eng', target } },
        onDecision: (d) => {
          decided = d;
        },
      });
    } catch (error) {
      if (!isPlacementError(error)) throw error;
      hold(u, mode, error, decided);
      return;
    }
    const result = outcome.status === 'deferred' ? await whenDelivered(step, u, outcome) : outcome;
    showTranslation(step, u, result, redacted, target);
  } catch (error) {
    u.status = 'failed';
    u.message = error instanceof Error ? error.message : String(error);
  } finally {
    step.sending(undefined);
    step.changed(u);
  }
}
