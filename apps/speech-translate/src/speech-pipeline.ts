/**
 * The app's pipelines, declared with @tandem/core. Raw audio and transcripts are labelled so the
 * router can never place them off the device; only the redactor's sanitized output can reach the
 * translate function, and only through core's privacy boundary.
 *
 *   listen:        raw audio chunks ─▶ vad (device: Silero once per frame in a worker, opens each
 *                  utterance at its onset) ─▶ per utterance: transcribe (device: PocketSphinx in a
 *                  worker, fed from the onset as the audio arrives) ─▶ redact (device)
 *   polish:        sanitized transcript ─▶ punctuate (device OR function: the same rules either side,
 *                  so the policy switch moves it; @tandem/punctuate)
 *   translate:     sanitized transcript ─▶ translate (function: apertium behind the Node function;
 *                  deferred into the functions client's offline queue while offline or the circuit
 *                  is open; the language pair is a per-run parameter)
 *
 * One Tandem per policy: a target language no longer needs its own pipeline or transport.
 */
import {
  createTandem,
  defineStage,
  pipeline,
  RingBufferAuditLog,
  segmented,
  type AuditStore,
  type DeviceCapabilities,
  type ParamsSchema,
  type PlacementMode,
  type RemoteStage,
  type StageRunner,
  type Tandem,
} from '@tandem/core';
import { createFunctionsTransport, type TranslateClient } from '@tandem/functions-client';
import { punctuateTranscript } from '@tandem/punctuate';
import { createTranscriptRedactor, type SanitizedTranscript, type TranscriptRedactorOptions } from '@tandem/redaction';
import type { SpeechClose, SpeechOpen } from '@tandem/runtime-onnx';
import type { LiveSpeechStages } from '@tandem/speech';

export type TargetLanguage = 'spa' | 'cat';
export const TARGETS: Readonly<Record<TargetLanguage, string>> = { spa: 'Spanish', cat: 'Catalan' };
export type UiPolicy = Extract<PlacementMode, 'prefer-local' | 'local-only' | 'prefer-remote'>;
export const POLICIES: readonly UiPolicy[] = ['prefer-local', 'local-only', 'prefer-remote'];
export const POLICY_VERSION = 'speech-translate-2026-11';

/** The translate stage's per-run parameters: non-personal settings, recorded in the trace. */
export interface TranslateParams {
  source: 'eng';
  target: TargetLanguage;
}

/** Validates `params.translate` (the shape of zod's safeParse, which core accepts). */
export const translateParams: ParamsSchema<TranslateParams> = {
  safeParse(value) {
    const p = value as Partial<Record<keyof TranslateParams, unknown>> | undefined;
    const issues: { path: PropertyKey[]; message: string }[] = [];
    if (p?.source !== 'eng') issues.push({ path: ['source'], message: 'the recogniser is English: source must be "eng"' });
    if (typeof p?.target !== 'string' || !Object.hasOwn(TARGETS, p.target)) issues.push({ path: ['target'], message: `target must be one of ${Object.keys(TARGETS).join(', ')}` });
    return issues.length === 0 ? { success: true, data: { source: 'eng', target: p!.target as TargetLanguage } } : { success: false, error: { issues } };
  },
};

/** The punctuate stage on the device: the same rule code the function runs behind /v1/punctuate. */
const punctuateOnDevice: StageRunner<SanitizedTranscript, SanitizedTranscript> = {
  run(input) {
    const started = performance.now();
    const { text, rules } = punctuateTranscript(input.text);
    return Promise.resolve({
      output: { ...input, text },
      report: { backend: 'js', runMs: performance.now() - started, modelId: `rules:${rules.join('+') || 'none'}` },
    });
  },
};

function parseTranscript(value: unknown): SanitizedTranscript {
  const v = value as Partial<SanitizedTranscript> | null;
  if (typeof v?.text !== 'string' || typeof v.redaction !== 'object') throw new TypeError('punctuate must return { text, redaction }');
  return v as SanitizedTranscript;
}

export interface SpeechPipelinesOptions {
  /** The live speech stages (engines.ts): Silero's endpoint stage and the PocketSphinx transcribe stage. */
  speech: LiveSpeechStages<SpeechOpen, SpeechClose>;
  client: TranslateClient;
  capabilities: () => Promise<DeviceCapabilities>;
  /** Sees each redaction on the device (mapping included), to highlight what was replaced. */
  onRedacted?: TranscriptRedactorOptions['onRedacted'];
  /** Where every decision goes (the page passes one in IndexedDB). Default: in memory, 1 024 records. */
  audit?: AuditStore;
}

export function createSpeechPipelines(options: SpeechPipelinesOptions) {
  const redactor = createTranscriptRedactor(options.onRedacted ? { onRedacted: options.onRedacted } : {});
  const { speech } = options;
  const vad = speech.endpoint;
  const transcribe = speech.transcribe;
  const fn = options.client.endpoint;
  const translateRemote: RemoteStage<string> = {
    name: 'translate',
    remote: {
      endpoint: `${fn}/v1/translate`,
      region: 'loopback',
      costPerCallUsd: 0,
      estimatedLatencyMs: 150,
      // The functions client's offline queue keeps the redacted request until it is delivered.
      deferrable: true,
      parseOutput: (value) => {
        if (typeof value !== 'string') throw new TypeError('translation must be a string');
        return value;
      },
    },
  };
  const translate = defineStage<SanitizedTranscript, string, 'sanitized', never, TranslateParams, 'translate'>({
    name: 'translate',
    outputLabel: 'sanitized',
    remote: translateRemote.remote,
    params: translateParams,
  });
  // The one stage with both sides: its input is already sanitized, so the router may send it.
  const punctuate = defineStage<SanitizedTranscript, SanitizedTranscript, 'sanitized'>({
    name: 'punctuate',
    outputLabel: 'sanitized',
    local: { runner: punctuateOnDevice, estimatedLatencyMs: { wasm: 1 } },
    remote: { endpoint: `${fn}/v1/punctuate`, region: 'loopback', costPerCallUsd: 0, estimatedLatencyMs: 30, parseOutput: parseTranscript },
  });

  /** One utterance, from its onset: what `listen` runs on each. */
  const utterance = pipeline('listen', 'raw').then(transcribe).then(redactor.stage);
  const listen = segmented('raw', vad, utterance);
  const polish = pipeline('polish', 'sanitized').then(punctuate);
  const translation = pipeline('translate', 'sanitized').then(translate);

  // One audit log for every run, whatever the policy or target: the downloadable decision records.
  const audit: AuditStore = options.audit ?? new RingBufferAuditLog(1024);
  // Translate requests the function cannot take now are queued (also when the router did not
  // defer them, e.g. a network error while online); punctuate requests never are (the device
  // runs the same rules, so the router falls back instead).
  const transport = createFunctionsTransport(options.client, { whenUnavailable: 'queue' });
  const tandems = new Map<UiPolicy, Tandem>();
  /** The Tandem for a policy. The target language is a per-run parameter (`params.translate`). */
  function tandemFor(mode: UiPolicy): Tandem {
    let t = tandems.get(mode);
    if (!t) {
      t = createTandem({
        policy: { version: POLICY_VERSION, mode },
        transport,
        capabilities: options.capabilities,
        remoteCircuit: () => options.client.circuitState,
        audit,
      });
      tandems.set(mode, t);
    }
    return t;
  }
  return { redactor, speech, stages: { vad, transcribe, punctuate, translate, translateRemote }, utterance, listen, polish, translation, tandemFor, audit };
}

export type SpeechPipelines = ReturnType<typeof createSpeechPipelines>;
