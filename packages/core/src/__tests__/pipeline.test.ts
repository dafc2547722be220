import { describe, expect, it } from 'vitest';
import {
  RingBufferAuditLog,
  createTandem,
  defineStage,
  isPlacementError,
  isPrivacyViolationError,
  isStageAbortedError,
  personal,
  pipeline,
  publicData,
  raw,
  streamPipeline,
  type PipelineEvent,
  type Personal,
  type PlacementPolicyInput,
  type Stage,
} from '../index.js';
import { RecordingTransport } from './recording-transport.js';
import { capabilities } from './situations.js';
import { redact, transcribe, translateRemoteOnly, translateStage, uppercase } from './speech-stages.js';

/*
 * The pipeline types refuse a remote-only stage after personal data (labels.test-d.ts). A plain-JS
 * caller could still build such a pipeline, so these tests erase the marker to prove the run-time
 * check holds on its own.
 */
const untypedRemoteOnly = translateRemoteOnly as unknown as Stage<string, string, 'sanitized'>;

const audio = raw(new Float32Array(1600));
const speech = pipeline('speech-translate', 'raw').then(transcribe).then(redact).then(translateStage());

function setup(policy: Partial<PlacementPolicyInput> = {}, transport = new RecordingTransport((r) => `es(remote): ${String(r.payload)}`)) {
  const audit = new RingBufferAuditLog(16);
  let clock = 1_000;
  const tandem = createTandem({
    policy: { version: 'p-1', ...policy },
    transport,
    capabilities: capabilities(),
    audit,
    now: () => (clock += 1),
  });
  return { tandem, transport, audit };
}

describe('pipelines', () => {
  it('runs a linear pipeline: raw audio stays local, only sanitized text reaches the remote', async () => {
    const { tandem, transport, audit } = setup({ mode: 'prefer-remote' });
    const partials: [string, unknown][] = [];
    const result = await tandem.run(speech, audio, { onPartial: (stage, p) => partials.push([stage, p]) });

    expect(result.output).toMatchObject({ label: 'sanitized', value: 'es(remote): Write to [email] today (1600 samples)', sanitizer: 'redact' });
    expect(result.decisions.map((d) => [d.stage, d.ranOn, d.rule])).toEqual([
      ['transcribe', 'local', 'privacy:label'],
      ['redact', 'local', 'privacy:label'],
      ['translate', 'remote', 'mode:prefer-remote'],
    ]);
    expect(transport.calls).toHaveLength(1);
    expect(transport.calls[0]).toMatchObject({ stage: 'translate', label: 'sanitized', sanitizer: 'redact' });
    expect(JSON.stringify(transport.calls)).not.toContain('ana@example.com');
    expect(partials.map(([s]) => s)).toEqual(['transcribe', 'transcribe', 'transcribe', 'transcribe']);
    expect(partials.at(-1)?.[1]).toBe('Write to ana@example.com today');

    const [asr, red, mt] = result.trace.stages;
    expect(asr).toMatchObject({ placement: 'local', backend: 'wasm', inputLabel: 'raw', outputLabel: 'personal', partials: 4, bytesIn: 6400, bytesSentOffDevice: 0 });
    expect(red).toMatchObject({ placement: 'local', backend: 'js', inputLabel: 'personal', outputLabel: 'sanitized' });
    expect(mt).toMatchObject({ placement: 'remote', backend: 'remote', inputLabel: 'sanitized', estimatedCostUsd: 0.0002 });
    expect(mt?.bytesSentOffDevice).toBe(new TextEncoder().encode('Write to [email] today (1600 samples)').byteLength);
    expect(result.trace.totals.bytesSentOffDevice).toBe(mt?.bytesSentOffDevice);

    expect(result.explanations).toEqual(audit.explain());
    expect(result.explanations[0]).toBe(
      '"transcribe" ran on the device because its input is labelled "raw" and may not leave the device (rule privacy:label, policy p-1 prefer-remote).',
    );
  });

  it('refuses personal data for a remote-only stage; nothing reaches the transport', async () => {
    const { tandem, transport, audit } = setup();
    const leaky = pipeline('leaky', 'raw').then(transcribe).then(untypedRemoteOnly);
    const error: unknown = await tandem.run(leaky, audio).catch((e: unknown) => e);
    expect(isPrivacyViolationError(error) && error.details).toMatchObject({ stage: 'translate', label: 'personal', destination: 'https://fn.example/v1/translate' });
    expect(transport.calls).toHaveLength(0);
    expect(audit.records().at(-1)).toMatchObject({ stage: 'translate', choice: 'none', ranOn: 'none', rule: 'privacy:label' });
  });

  it('remote-only: stages with raw/personal input stay on the device (privacy beats the mode); only sanitized text is sent', async () => {
    const { tandem, transport } = setup({ mode: 'remote-only' });
    const result = await tandem.run(speech, audio);
    expect(result.decisions.map((d) => [d.stage, d.ranOn, d.rule])).toEqual([
      ['transcribe', 'local', 'privacy:label'],
      ['redact', 'local', 'privacy:label'],
      ['translate', 'remote', 'mode:remote-only'],
    ]);
    expect(result.explanations[1]).toContain('device-bound even under remote-only');
    expect(transport.calls.map((c) => [c.stage, c.label])).toEqual([['translate', 'sanitized']]);
    expect(JSON.stringify(transport.calls)).not.toContain('ana@example.com');
  });

  it('remote-only: a raw-input stage with no device implementation is refused as a privacy violation', async () => {
    const { tandem, transport } = setup({ mode: 'remote-only' });
    const cloudAsr = defineStage<Float32Array, string, 'personal'>({
      name: 'cloud-asr',
      outputLabel: 'personal',
      remote: { endpoint: 'https://fn.example/v1/asr', region: 'eu' },
    });
    const untyped = cloudAsr as unknown as Stage<Float32Array, string, 'personal'>;
    const error: unknown = await tandem.run(pipeline('cloud', 'raw').then(untyped), audio).catch((e: unknown) => e);
    expect(isPrivacyViolationError(error) && error.details).toMatchObject({ stage: 'cloud-asr', label: 'raw' });
    expect(transport.calls).toHaveLength(0);
  });

  it('lets personal data reach a remote only through a declared sanitizer', async () => {
    // An ordinary stage declaring a `public` output cannot lower the label: still personal.
    const laundering = pipeline('launder', 'raw').then(transcribe).then(uppercase).then(untypedRemoteOnly);
    const first = setup();
    const error: unknown = await first.tandem.run(laundering, audio).catch((e: unknown) => e);
    expect(isPrivacyViolationError(error) && error.details.label).toBe('personal');
    expect(first.transport.calls).toHaveLength(0);

    const sanitizedPath = pipeline('sanitized', 'raw').then(transcribe).then(uppercase).then(redact).then(translateRemoteOnly);
    const second = setup();
    const result = await second.tandem.run(sanitizedPath, audio);
    expect(result.output.label).toBe('sanitized');
    expect(second.transport.calls.map((c) => [c.label, c.sanitizer, c.payload])).toEqual([
      ['sanitized', 'redact', 'WRITE TO [email] TODAY (1600 SAMPLES)'],
    ]);
  });

  it('never trusts a caller label lower than the pipeline declares', async () => {
    const { tandem, transport } = setup({ mode: 'remote-only' });
    const mt = pipeline('mt', 'personal').then(translateStage());
    // A JS caller passing a lower label than declared: the pipeline keeps its declared "personal".
    const forged = publicData('hi ana@example.com') as unknown as Personal<string>;
    // Even under remote-only, "personal" input keeps the stage on the device: nothing is sent.
    const result = await tandem.run(mt, forged);
    expect(result.decisions[0]).toMatchObject({ inputLabel: 'personal', ranOn: 'local', rule: 'privacy:label' });
    expect(result.output.label).toBe('personal');
    expect(transport.calls).toHaveLength(0);
  });

  it('reads capabilities before every stage (going offline mid-run keeps the next stage local)', async () => {
    const transport = new RecordingTransport();
    let online = true;
    const tandem = createTandem({
      policy: { version: 'p', mode: 'prefer-remote' },
      transport,
      capabilities: () => {
        const caps = capabilities({ online });
        online = false;
        return caps;
      },
    });
    const result = await tandem.run(speech, audio);
    expect(result.decisions.map((d) => d.situation.online)).toEqual([true, false, false]);
    expect(result.decisions[2]).toMatchObject({ ranOn: 'local', rule: 'runtime:offline' });
    expect(transport.calls).toHaveLength(0);
  });

  it('aborts without falling back', async () => {
    const { tandem, transport } = setup({ mode: 'prefer-remote' });
    const controller = new AbortController();
    const run = tandem.run(speech, audio, {
      signal: controller.signal,
      onPartial: () => controller.abort('user pressed stop'),
    });
    const error: unknown = await run.catch((e: unknown) => e);
    expect(isStageAbortedError(error) && error.details).toEqual({ stage: 'transcribe', reason: 'user pressed stop' });
    expect(transport.calls).toHaveLength(0);
  });

  it('streams decisions, partials, stage traces and the result as an async iterable', async () => {
    const { tandem } = setup();
    const events: PipelineEvent<string, 'sanitized'>[] = [];
    for await (const event of streamPipeline(tandem, speech, audio)) events.push(event);
    const kinds = events.map((e) => (e.type === 'stage' ? `stage:${e.trace.stage}` : e.type === 'decision' ? `decision:${e.decision.stage}` : e.type));
    expect(kinds).toEqual([
      'decision:transcribe', 'partial', 'partial', 'partial', 'partial', 'stage:transcribe',
      'decision:redact', 'stage:redact',
      'decision:translate', 'stage:translate',
      'result',
    ]);
    const last = events.at(-1);
    expect(last?.type === 'result' && last.result.output.value).toBe('es(local): Write to [email] today (1600 samples)');
  });

  it('aborts the run when the consumer stops iterating the stream', async () => {
    const { tandem, transport } = setup();
    let seenSignal: AbortSignal | undefined;
    const waitsForAbort = defineStage({
      name: 'slow',
      outputLabel: 'personal',
      local: {
        runner: {
          run: (_: string, options) => {
            seenSignal = options?.signal;
            return new Promise<never>((_resolve, reject) => options?.signal?.addEventListener('abort', () => reject(new Error('stopped'))));
          },
        },
      },
    });
    const slow = pipeline('slow', 'personal').then(waitsForAbort).then(translateStage());
    for await (const event of streamPipeline(tandem, slow, personal('x'))) {
      expect(event.type).toBe('decision');
      break;
    }
    expect(seenSignal?.aborted).toBe(true);
    expect(transport.calls).toHaveLength(0);
  });

  it('throws PlacementError listing every excluded option when nothing may run', async () => {
    const { tandem, transport } = setup({ mode: 'local-only' });
    const error: unknown = await tandem.run(pipeline('r', 'public').then(translateRemoteOnly), publicData('x')).catch((e: unknown) => e);
    expect(isPlacementError(error) && error.details.attempts).toEqual([
      { placement: 'local', reason: 'the stage has no local implementation' },
      { placement: 'remote', reason: 'the policy allows only the device' },
    ]);
    expect(transport.calls).toHaveLength(0);
  });
});
