// The README's continuous-speech example, kept compiling: if this file breaks, update the README.
// (What comes from packages this one does not depend on is declared here with its real shape.)
import { expectTypeOf, it } from 'vitest';
import { createTandem, pipeline, segmented, type DeviceCapabilities, type LocalImplementation, type RemoteTransport, type SegmenterStep, type SegmentBoundary, type Stage } from '@tandem/core';
import { createPocketSphinxEngine, listen, liveSpeechStages, openMicrophoneStream } from '../index.js';

type SpeechBoundary = SegmentBoundary<{ onsetSample: number }, { speechEndMs: number }>;
declare const pool: { runner<I, O>(o: { model: string; stage: string; config: object }): LocalImplementation<I, O>['runner'] }; // @tandem/worker createWorkerPool(…)
declare function speechBoundaryHistory(): number; // @tandem/runtime-onnx
declare const redactor: { stage: Stage<string, { text: string }, 'sanitized'> & { kind: 'sanitizer' }; restore(text: string, from: { text: string }): { text: string } }; // @tandem/redaction createTranscriptRedactor()
declare const translate: Stage<{ text: string }, string, 'sanitized'>; // a remoteStage(…) of @tandem/functions-client
declare const transport: RemoteTransport;
declare const capabilities: () => Promise<DeviceCapabilities>; // @tandem/worker probeCapabilities
declare function show(text: string): void;

it('README continuous-speech example compiles', async () => {
  const speech = liveSpeechStages({
    boundaries: pool.runner<SegmenterStep<Float32Array>, readonly SpeechBoundary[]>({ model: 'silero', stage: 'boundaries', config: { manifest: '/models/silero-vad/manifest.json', backend: 'wasm' } }),
    history: speechBoundaryHistory(),
    asr: await createPocketSphinxEngine({ worker: new Worker(new URL('./asr.worker.ts', import.meta.url), { type: 'module' }), runtimeManifestUrl: '/models/pocketsphinx-wasm/manifest.json', modelManifestUrl: '/models/pocketsphinx-en-us/manifest.json' }),
  });
  const heard = segmented('raw', speech.endpoint, pipeline('listen', 'raw').then(speech.transcribe).then(redactor.stage));
  const tandem = createTandem({ policy: { version: '1', mode: 'prefer-local' }, transport, capabilities });
  const mic = await openMicrophoneStream();
  for await (const e of listen(tandem, speech, heard, mic.stream)) {
    if (e.type === 'partial') show(e.text); // words while the person speaks
    if (e.type !== 'result' || e.outcome.status !== 'done') continue;
    const sent = await tandem.run(pipeline('translate', 'sanitized').then(translate), e.outcome.output); // only the redacted text leaves
    show(redactor.restore(sent.output.value, e.outcome.output.value).text);
    expectTypeOf(e.outcome.output.label).toEqualTypeOf<'sanitized'>();
  }
});
