/** What the app knows about one utterance, on the device. The UI renders it; nothing here is sent. */
import type { PlacementDecision, StageTrace } from '@tandem/core';
import type { PlaceholderMapping } from '@tandem/redaction';
import type { TargetLanguage, UiPolicy } from './speech-pipeline.ts';

export type UtteranceStatus =
  | 'transcribing'
  | 'redacting'
  | 'translating'
  /** Waiting in the functions client's offline queue (offline, or the function unreachable). */
  | 'queued'
  /** Kept on the device by the local-only policy: nothing was sent. */
  | 'held'
  | 'done'
  | 'failed';

export interface StageRow {
  stage: string;
  /** Where it ran: the device, the function, or nowhere (refused/queued). */
  where: 'device' | 'function' | 'not run';
  backend: string;
  ms: number;
  bytesIn: number;
  bytesSent: number;
  detail: string;
}

export interface Utterance {
  id: string;
  index: number;
  origin: string;
  /** Seconds into the input where the speech began and ended. */
  startS: number;
  endS: number;
  /** Bytes of 16-bit PCM this utterance would be as audio: all kept on the device. */
  audioBytes: number;
  partial: string;
  transcript?: string;
  /** Text with placeholders: exactly what may leave the device. */
  redactedText?: string;
  mapping?: PlaceholderMapping;
  target: TargetLanguage;
  policy: UiPolicy;
  translation?: string;
  /** The function's answer, placeholders still in: restored on the device for `translation`. */
  translatedRedacted?: string;
  missingPlaceholders?: string[];
  status: UtteranceStatus;
  message?: string;
  /** The functions client's queue id (= idempotency key) of its deferred translate request. */
  queueId?: string;
  /** Shown again after a reload, from what this device kept (see utterance-store.ts). */
  restored?: boolean;
  rows: StageRow[];
  decisions: PlacementDecision[];
  explanations: string[];
}

/** How a function call went out, when a session channel was involved (HTTP by choice says nothing). */
function transportNote(t: StageTrace): string {
  if (t.transport === 'channel') return 'session channel';
  return t.transportFallback ? `HTTP (no channel: ${t.transportFallback})` : '';
}

export function rowFromTrace(t: StageTrace, detail = ''): StageRow {
  const base = detail || (t.error ? `failed: ${t.error.message}` : [t.modelId, t.cacheHit === undefined ? '' : t.cacheHit ? 'cached' : 'cold'].filter(Boolean).join(' · '));
  return {
    stage: t.stage,
    where: t.placement === 'remote' ? 'function' : 'device',
    backend: t.backend,
    ms: t.runMs + (t.loadMs ?? 0),
    bytesIn: t.bytesIn,
    bytesSent: t.bytesSentOffDevice,
    detail: [base, transportNote(t)].filter(Boolean).join(' · '),
  };
}
