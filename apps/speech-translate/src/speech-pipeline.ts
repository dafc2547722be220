/**
 * The app's pipelines, declared with @tandem/core. Raw audio and transcripts are labelled so the
 * router can never place them off the device; only the redactor's sanitized output can reach the
 * translate function, and only through core's privacy boundary.
 *
 *   detect-speech: raw audio ─▶ vad (device, Silero in a worker)
 *   listen:        raw utterance ─▶ transcribe (device, PocketSphinx in a worker) ─▶ redact (device)
 *   translate:     sanitized transcript ─▶ translate (function: apertium behind the Node function)
 */
import {
  createTandem,
  defineStage,
  pipeline,
  RingBufferAuditLog,
  type DeviceCapabilities,
  type PlacementMode,
  type RemoteStage,
  type StageRunner,
  type Tandem,
} from '@tandem/core';
import { createTranslateTransport, type TranslateClient } from '@tandem/functions-client';
import { createTranscriptRedactor, type SanitizedTranscript, type TranscriptRedactorOptions } from '@tandem/redaction';
import type { VadInput, VadOutput } from '@tandem/runtime-onnx';

export type TargetLanguage = 'spa' | 'cat';
export const TARGETS: Readonly<Record<TargetLanguage, string>> = { spa: 'Spanish', cat: 'Catalan' };
export type UiPolicy = Extract<PlacementMode, 'prefer-local' | 'local-only' | 'prefer-remote'>;
export const POLICIES: readonly UiPolicy[] = ['prefer-local', 'local-only', 'prefer-remote'];
export const POLICY_VERSION = 'speech-translate-2026-11';

export interface SpeechPipelinesOptions {
  vad: StageRunner<VadInput, VadOutput>;
  transcribe: StageRunner<Float32Array, string, string>;
  client: TranslateClient;
  capabilities: () => Promise<DeviceCapabilities>;
  /** Sees each redaction on the device (mapping included), to highlight what was replaced. */
  onRedacted?: TranscriptRedactorOptions['onRedacted'];
}

export function createSpeechPipelines(options: SpeechPipelinesOptions) {
  const redactor = createTranscriptRedactor(options.onRedacted ? { onRedacted: options.onRedacted } : {});
  const vad = defineStage<VadInput, VadOutput, 'raw'>({
    name: 'vad',
    outputLabel: 'raw',
    local: { runner: options.vad, modelId: 'silero-vad', modelBytes: 2_300_000 },
  });
  const transcribe = defineStage<Float32Array, string, 'personal', string>({
    name: 'transcribe',
    outputLabel: 'personal',
    local: { runner: options.transcribe, modelId: 'pocketsphinx-en-us', modelBytes: 37_000_000 },
  });
  const endpoint = `${options.client.endpoint}/v1/translate`;
  const translateRemote: RemoteStage<string> = {
    name: 'translate',
    remote: {
      endpoint,
      region: 'loopback',
      costPerCallUsd: 0,
      estimatedLatencyMs: 150,
      parseOutput: (value) => {
        if (typeof value !== 'string') throw new TypeError('translation must be a string');
        return value;
      },
    },
  };
  const translate = defineStage<SanitizedTranscript, string, 'sanitized'>({ name: 'translate', outputLabel: 'sanitized', remote: translateRemote.remote });

  const detectSpeech = pipeline('detect-speech', 'raw').then(vad);
  const listen = pipeline('listen', 'raw').then(transcribe).then(redactor.stage);
  const translation = pipeline('translate', 'sanitized').then(translate);

  // One audit log for every run, whatever the policy or target: the downloadable decision records.
  const audit = new RingBufferAuditLog(1024);
  const tandems = new Map<string, Tandem>();
  function tandemFor(mode: UiPolicy, target: TargetLanguage): Tandem {
    const key = `${mode}:${target}`;
    let t = tandems.get(key);
    if (!t) {
      const transport = createTranslateTransport(options.client, {
        whenUnavailable: 'queue',
        toRequest: (request) => {
          const p = request.payload as SanitizedTranscript;
          return { text: p.text, source: 'eng', target, redaction: p.redaction, label: 'sanitized' };
        },
      });
      t = createTandem({
        policy: { version: POLICY_VERSION, mode },
        transport,
        capabilities: options.capabilities,
        remoteCircuit: () => options.client.circuitState,
        audit,
      });
      tandems.set(key, t);
    }
    return t;
  }
  return { redactor, stages: { vad, transcribe, translate, translateRemote }, detectSpeech, listen, translation, tandemFor, audit };
}

export type SpeechPipelines = ReturnType<typeof createSpeechPipelines>;
