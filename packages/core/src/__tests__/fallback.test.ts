import { describe, expect, it } from 'vitest';
import {
  RemoteUnavailableError,
  createTandem,
  isPlacementError,
  personal,
  pipeline,
  publicData,
  type PlacementPolicyInput,
} from '../index.js';
import { RecordingTransport } from './recording-transport.js';
import { capabilities } from './situations.js';
import { failingRunner, hangingRunner, localTranslator, translateStage } from './speech-stages.js';

function setup(policy: Partial<PlacementPolicyInput>, transport = new RecordingTransport((r) => `es(remote): ${String(r.payload)}`)) {
  const tandem = createTandem({ policy: { version: 'fb-1', ...policy }, transport, capabilities: capabilities() });
  return { tandem, transport };
}

describe('fallback', () => {
  it('prefer-local: a failing local falls back to the remote, and the records show the order', async () => {
    const { tandem, transport } = setup({ mode: 'prefer-local' });
    const mt = pipeline('mt', 'public').then(translateStage(failingRunner('GPU device lost')));
    const result = await tandem.run(mt, publicData('hello'));
    expect(result.output.value).toBe('es(remote): hello');
    const [decision] = result.decisions;
    expect(decision).toMatchObject({ choice: 'local', order: ['local', 'remote'], ranOn: 'remote' });
    expect(decision?.fallbacksTried).toEqual([{ placement: 'local', error: expect.objectContaining({ message: 'GPU device lost' }) as unknown }]);
    expect(result.trace.stages.map((s) => [s.placement, s.fallbackFrom, s.error?.message])).toEqual([
      ['local', undefined, 'GPU device lost'],
      ['remote', 'local', undefined],
    ]);
    expect(transport.calls).toHaveLength(1);
    expect(result.explanations[0]).toMatch(/^"translate" ran remotely because the policy prefers the device .*; fell back after on the device failed: GPU device lost\.$/);
  });

  it('prefer-remote: an unavailable remote falls back to the device', async () => {
    const transport = new RecordingTransport();
    transport.failWith = new RemoteUnavailableError({ endpoint: 'https://fn.example/v1/translate', reason: 'http', status: 503 });
    const { tandem } = setup({ mode: 'prefer-remote' }, transport);
    const result = await tandem.run(pipeline('mt', 'public').then(translateStage()), publicData('hello'));
    expect(result.output.value).toBe('es(local): hello');
    expect(result.decisions[0]).toMatchObject({ order: ['remote', 'local'], ranOn: 'local' });
    expect(result.decisions[0]?.fallbacksTried.map((f) => [f.placement, f.error.code])).toEqual([['remote', 'REMOTE_UNAVAILABLE']]);
    // The payload was handed over before the 503, so it counts as sent off the device.
    expect(result.trace.stages[0]).toMatchObject({ placement: 'remote', bytesSentOffDevice: 5, error: { code: 'REMOTE_UNAVAILABLE' } });
    expect(result.trace.stages[1]).toMatchObject({ placement: 'local', fallbackFrom: 'remote', bytesSentOffDevice: 0 });
  });

  it('a timed-out local attempt falls back like any failure', async () => {
    const { tandem } = setup({ mode: 'prefer-local' });
    const result = await tandem.run(pipeline('mt', 'public').then(translateStage(hangingRunner)), publicData('hi'), { stageTimeoutMs: 30 });
    expect(result.decisions[0]?.fallbacksTried[0]?.error.code).toBe('STAGE_TIMEOUT');
    expect(result.decisions[0]?.ranOn).toBe('remote');
  });

  it('when every side fails: PlacementError with every attempt, in order', async () => {
    const transport = new RecordingTransport();
    transport.failWith = new RemoteUnavailableError({ endpoint: 'https://fn.example/v1/translate', reason: 'network' });
    const { tandem } = setup({ mode: 'prefer-local' }, transport);
    const error: unknown = await tandem
      .run(pipeline('mt', 'public').then(translateStage(failingRunner('OOM'))), publicData('x'))
      .catch((e: unknown) => e);
    expect(isPlacementError(error)).toBe(true);
    if (!isPlacementError(error)) return;
    expect(error.details.stage).toBe('translate');
    expect(error.details.attempts.map((a) => [a.placement, a.error?.code ?? a.error?.name])).toEqual([
      ['local', 'Error'],
      ['remote', 'REMOTE_UNAVAILABLE'],
    ]);
  });

  it('does not fall back when the policy forbids it', async () => {
    const { tandem, transport } = setup({ mode: 'prefer-local', stages: { translate: { fallback: false } } });
    const error: unknown = await tandem
      .run(pipeline('mt', 'public').then(translateStage(failingRunner('boom'))), publicData('x'))
      .catch((e: unknown) => e);
    expect(isPlacementError(error) && error.details.attempts.map((a) => a.placement)).toEqual(['local']);
    expect(transport.calls).toHaveLength(0);
  });

  it('never falls back across the privacy boundary', async () => {
    const { tandem, transport } = setup({ mode: 'prefer-local' });
    const error: unknown = await tandem
      .run(pipeline('mt', 'personal').then(translateStage(failingRunner('crashed'))), personal('Ana, 555-1234'))
      .catch((e: unknown) => e);
    expect(isPlacementError(error)).toBe(true);
    expect(isPlacementError(error) && error.details.attempts).toEqual([
      expect.objectContaining({ placement: 'local', reason: 'crashed' }),
      { placement: 'remote', reason: 'its input is labelled "personal" and may not leave the device' },
    ]);
    expect(transport.calls).toHaveLength(0);
  });

  it('times out a hung remote too', async () => {
    const transport = new RecordingTransport();
    const slow = { send: (r: Parameters<RecordingTransport['send']>[0]) => { transport.calls.push(r); return new Promise<never>(() => undefined); } };
    const tandem = createTandem({ policy: { version: 't', mode: 'remote-only' }, transport: slow, capabilities: capabilities() });
    const error: unknown = await tandem
      .run(pipeline('mt', 'public').then(translateStage(localTranslator())), publicData('x'), { stageTimeoutMs: 30 })
      .catch((e: unknown) => e);
    expect(isPlacementError(error) && error.details.attempts[0]?.error?.code).toBe('STAGE_TIMEOUT');
    expect(transport.calls).toHaveLength(1);
  });
});
