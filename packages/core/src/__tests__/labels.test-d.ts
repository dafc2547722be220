import { describe, expectTypeOf, it } from 'vitest';
import {
  createPrivacyBoundary,
  createTandem,
  defineSanitizer,
  defineSanitizerStage,
  defineStage,
  personal,
  pipeline,
  publicData,
  raw,
  type Labelled,
  type Leavable,
  type Pipeline,
  type RemoteTransport,
  type RunReport,
  type Sanitized,
  type StageRunner,
} from '../index.js';

declare const transport: RemoteTransport;
declare const report: RunReport;
const runner = <I, O>(f: (i: I) => O): StageRunner<I, O> => ({ run: (i) => Promise.resolve({ output: f(i), report }) });

const translateRemote = { name: 'translate', remote: { endpoint: 'https://fn.example/v1/translate', region: 'eu' } };
const redactEmails = defineSanitizer({ name: 'redact-emails', sanitize: (s: string) => s.replace(/\S+@\S+/g, '[email]') });
const boundary = createPrivacyBoundary({ transport });

describe('the privacy boundary in the types', () => {
  it('does not compile when a raw-labelled value is passed to a remote implementation', () => {
    // @ts-expect-error raw data may not be sent to a remote implementation
    void boundary.send(translateRemote, raw(new Float32Array(16)));
    // @ts-expect-error raw data may not be given to a remote runner either
    void boundary.remoteRunner<string, string>(translateRemote).run(raw('audio'));
    // @ts-expect-error personal data may not leave the device
    void boundary.send(translateRemote, personal('Ana, ana@example.com'));
  });

  it('compiles for sanitizer output and public data', () => {
    void boundary.send(translateRemote, redactEmails(personal('ana@example.com')));
    void boundary.send(translateRemote, publicData('Hello'));
    expectTypeOf(boundary.remoteRunner<string, string>(translateRemote).run).parameter(0).toEqualTypeOf<Leavable<string>>();
  });

  it('has no way to write a Sanitized value except a declared sanitizer', () => {
    // @ts-expect-error the brand cannot be written in a literal
    const forged: Sanitized<string> = { label: 'sanitized', value: 'x', sanitizer: 'me' };
    void forged;
    expectTypeOf(redactEmails(personal('x'))).toEqualTypeOf<Sanitized<string>>();
    // @ts-expect-error a Raw value is not a Sanitized one
    const notSanitized: Sanitized<string> = raw('x');
    void notSanitized;
  });
});

describe('labels flow through pipeline types', () => {
  const transcribe = defineStage({ name: 'transcribe', outputLabel: 'personal', local: { runner: runner((a: Float32Array) => `${a.length}`) } });
  const shout = defineStage({ name: 'shout', outputLabel: 'public', local: { runner: runner((t: string) => t.toUpperCase()) } });
  const redact = defineSanitizerStage({ name: 'redact', sanitizer: redactEmails });
  const translate = defineStage({ name: 'translate', outputLabel: 'sanitized', remote: translateRemote.remote, local: { runner: runner((t: string) => t) } });
  const count = defineStage({ name: 'count', outputLabel: 'public', local: { runner: runner((t: string) => t.length) } });

  it('keeps personal data personal until a sanitizer stage', () => {
    const afterAsr = pipeline('p', 'raw').then(transcribe);
    expectTypeOf(afterAsr).toEqualTypeOf<Pipeline<Float32Array, string, 'raw', 'personal'>>();
    // An ordinary stage declaring `public` cannot lower a personal label.
    expectTypeOf(afterAsr.then(shout)).toEqualTypeOf<Pipeline<Float32Array, string, 'raw', 'personal'>>();
    expectTypeOf(afterAsr.then(shout).then(redact).then(translate)).toEqualTypeOf<Pipeline<Float32Array, string, 'raw', 'sanitized'>>();
    expectTypeOf(pipeline('q', 'public').then(count)).toEqualTypeOf<Pipeline<string, number, 'public', 'public'>>();
  });

  it('does not compile a remote-only stage after raw or personal data, only after a sanitizer', () => {
    const remoteMt = defineStage<string, string, 'sanitized'>({ name: 'mt', outputLabel: 'sanitized', remote: translateRemote.remote });
    expectTypeOf(remoteMt.remoteOnly).toEqualTypeOf<true>();
    // @ts-expect-error the transcript is personal; a remote-only stage could never receive it
    pipeline('p', 'raw').then(transcribe).then(remoteMt);
    // @ts-expect-error raw input straight into a remote-only stage
    pipeline('p', 'raw').then(remoteMt);
    expectTypeOf(pipeline('p', 'raw').then(transcribe).then(redact).then(remoteMt)).toEqualTypeOf<Pipeline<Float32Array, string, 'raw', 'sanitized'>>();
    expectTypeOf(pipeline('p', 'public').then(remoteMt)).toEqualTypeOf<Pipeline<string, string, 'public', 'sanitized'>>();
  });

  it('rejects a stage whose input type does not match', () => {
    // @ts-expect-error count takes a string, transcribe needs audio
    pipeline('p', 'public').then(count).then(transcribe);
  });

  it('types the run: the input label must match and the output carries the computed label', async () => {
    const tandem = createTandem({ policy: { version: '1' }, transport, capabilities: {} as never });
    const speech = pipeline('p', 'raw').then(transcribe).then(redact).then(translate);
    const result = await tandem.run(speech, raw(new Float32Array(4)));
    expectTypeOf(result.output).toEqualTypeOf<Labelled<string, 'sanitized'>>();
    // @ts-expect-error the pipeline was declared for raw input
    void tandem.run(speech, personal(new Float32Array(4)));
  });
});
