// The README's example, kept compiling: if this file breaks, update the README too.
import { expectTypeOf, it } from 'vitest';
import { createTandem, defineSanitizer, defineSanitizerStage, defineStage, pipeline, raw } from '../index.js';
import type { DeviceCapabilities, Labelled, RemoteTransport, StageRunner } from '../index.js';

declare const asrWorker: StageRunner<Float32Array, string, string>;
declare const mtWorker: StageRunner<string, string>;
declare const functionsClient: RemoteTransport;
declare const probedCapabilities: DeviceCapabilities;
declare const audio: Float32Array;
declare function show(text: unknown): void;

it('README example compiles', async () => {
  const transcribe = defineStage({ name: 'transcribe', outputLabel: 'personal', local: { runner: asrWorker } });
  const redactEmails = defineSanitizer({ name: 'redact-emails', sanitize: (t: string) => t.replace(/\S+@\S+/g, '[email]') });
  const redact = defineSanitizerStage({ name: 'redact', sanitizer: redactEmails });
  const translate = defineStage({ name: 'translate', outputLabel: 'sanitized', local: { runner: mtWorker },
    remote: { endpoint: 'https://fn.example/v1/translate', region: 'eu', costPerCallUsd: 0.0001 } });

  const tandem = createTandem({ transport: functionsClient, capabilities: probedCapabilities,
    policy: { version: '2026-11', mode: 'prefer-remote', residency: { regions: ['eu'] } } });

  const speech = pipeline('speech', 'raw').then(transcribe).then(redact).then(translate);
  const { output, trace, explanations } = await tandem.run(speech, raw(audio), { onPartial: (stage, text) => show(text) });
  console.log(output.value, trace.totals.bytesSentOffDevice, explanations.join('\n'));
  expectTypeOf(output).toEqualTypeOf<Labelled<string, 'sanitized'>>();
  expectTypeOf(trace.totals.bytesSentOffDevice).toBeNumber();
  expectTypeOf(explanations).toEqualTypeOf<readonly string[]>();
});
