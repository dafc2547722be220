import { describe, expect, it } from 'vitest';
import { createTandem, isPrivacyViolationError, localStage, personal, pipeline, type RemoteTransport } from '../index.js';
import { capabilities } from './situations.js';

const sent: unknown[] = [];
const transport: RemoteTransport = {
  send: (request) => {
    sent.push(request);
    return Promise.reject(new Error('nothing should be sent'));
  },
};

describe('localStage: a plain function as an on-device stage', () => {
  it('runs in a pipeline with its time, backend and partials in the trace, and keeps the label', async () => {
    const tandem = createTandem({ policy: { version: 'l-1', mode: 'prefer-remote' }, transport, capabilities: capabilities() });
    const shout = localStage<string, string, 'personal', string>({
      name: 'shout',
      outputLabel: 'personal',
      run: async (text: string, { onPartial }) => {
        onPartial?.('half');
        await new Promise((r) => setTimeout(r, 30));
        return text.toUpperCase();
      },
      modelId: 'rules:upper',
    });
    const partials: unknown[] = [];
    const result = await tandem.run(pipeline('p', 'personal').then(shout), personal('ana is here'), { onPartial: (_s, p) => partials.push(p) });
    expect(result.output).toMatchObject({ value: 'ANA IS HERE', label: 'personal' });
    expect(partials).toEqual(['half']);
    const t = result.trace.stages[0]!;
    expect(t).toMatchObject({ stage: 'shout', placement: 'local', backend: 'js', modelId: 'rules:upper', partials: 1 });
    expect(t.runMs).toBeGreaterThanOrEqual(25);
    expect(sent).toEqual([]);
  });

  it('errors thrown by the function fail the run with the stage named, and nothing leaves', async () => {
    const tandem = createTandem({ policy: { version: 'l-1', mode: 'prefer-local' }, transport, capabilities: capabilities() });
    const broken = localStage({ name: 'broken', outputLabel: 'personal', run: (_: string): string => { throw new RangeError('bad input'); } });
    const error = await tandem.run(pipeline('p', 'personal').then(broken), personal('x')).catch((e: unknown) => e);
    expect(String(error)).toMatch(/broken|bad input/);
    expect(isPrivacyViolationError(error)).toBe(false);
    expect(sent).toEqual([]);
  });
});
